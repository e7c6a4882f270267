import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverBackends } from './support/server-backends.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const slots = await serverBackends('auth');

for (const slot of slots) {
  describe(`auth and tokens on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    let server: TestServer;
    let now = new Date('2026-11-25T12:00:00.000Z');
    before(async () => {
      server = await startTestServer(await slot.backend!.open(), {}, () => now);
    });
    after(async () => {
      await server?.close();
      await slot.backend?.dispose();
    });

    test('no Authorization header: 401 Unauthenticated', async () => {
      const res = await server.call({ method: 'GET', url: '/v1/whoami', secret: null });
      assert.equal(res.statusCode, 401);
      assert.deepEqual(res.json(), {
        code: 'Unauthenticated',
        message: 'this call needs a bearer token',
        retryable: false,
      });
    });

    test('a header that is not "Bearer <token>": 401 naming the expected form', async () => {
      for (const authorization of ['Basic YWxhZGRpbjpvcGVuc2VzYW1l', 'Bearer', 'Bearer a b', 'eo_x']) {
        const res = await server.call({
          method: 'GET',
          url: '/v1/whoami',
          secret: null,
          headers: { authorization },
        });
        assert.equal(res.statusCode, 401, authorization);
        assert.equal(res.json().message, "the Authorization header must be 'Bearer <token>'");
      }
    });

    test('an unknown eo_ token and a non-orchd token without OIDC: 401, the secret never echoed', async () => {
      const unknown = await server.call({ method: 'GET', url: '/v1/whoami', secret: 'eo_doesnotexist' });
      assert.equal(unknown.statusCode, 401);
      assert.equal(unknown.json().message, 'the bearer token is unknown or revoked');
      assert.ok(!unknown.body.includes('doesnotexist'));
      const jwt = await server.call({ method: 'GET', url: '/v1/whoami', secret: 'aaa.bbb.ccc' });
      assert.equal(jwt.statusCode, 401);
      assert.equal(jwt.json().message, 'the bearer token is not an orchd token');
    });

    test('whoami describes the admin token without its secret', async () => {
      const res = await server.call({ method: 'GET', url: '/v1/whoami' });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.kind, 'token');
      assert.equal(body.admin, true);
      assert.match(body.tokenId, /^token-[0-9a-f]{8}$/);
      assert.deepEqual(body.roles, []);
      assert.ok(!res.body.includes(server.adminSecret));
    });

    test('POST /v1/tokens returns the secret once; GET lists it without; the store keeps only a hash', async () => {
      const created = await server.call({
        method: 'POST',
        url: '/v1/tokens',
        payload: { name: 'ci', roles: [{ project: 'alpha', role: 'write' }] },
      });
      assert.equal(created.statusCode, 201);
      const token = created.json();
      assert.match(token.secret, /^eo_[A-Za-z0-9_-]{43}$/);
      assert.equal(token.expiresAt, null);
      assert.deepEqual(token.roles, [{ project: 'alpha', role: 'write' }]);
      const listed = await server.call({ method: 'GET', url: '/v1/tokens' });
      assert.equal(listed.statusCode, 200);
      assert.ok(listed.json().tokens.some((t: { id: string }) => t.id === token.id));
      assert.ok(!listed.body.includes(token.secret));
      const whoami = await server.call({ method: 'GET', url: '/v1/whoami', secret: token.secret });
      assert.equal(whoami.json().subject, 'ci');
      assert.deepEqual(whoami.json().roles, [{ project: 'alpha', role: 'write' }]);
    });

    test('POST /v1/tokens refuses a token without roles, a bad lifetime and unknown fields', async () => {
      const cases: [unknown, string][] = [
        [{ name: 'x' }, "a token needs 'admin: true' or at least one project role"],
        [{ name: 'x', admin: true, expiresIn: '5y' }, "body field 'expiresIn'"],
        [{ name: 'x', admin: true, scope: 'all' }, "unknown field 'scope' in body"],
        [{ name: 'x', roles: [{ project: 'Bad_Name', role: 'read' }] }, "body field 'roles.0.project'"],
        [{ name: 'x', roles: [{ project: 'p', role: 'owner' }] }, "body field 'roles.0.role'"],
      ];
      for (const [payload, message] of cases) {
        const res = await server.call({ method: 'POST', url: '/v1/tokens', payload: payload as object });
        assert.equal(res.statusCode, 400, JSON.stringify(payload));
        assert.equal(res.json().code, 'InvalidArgument');
        assert.ok(res.json().message.includes(message), `${res.json().message} lacks ${message}`);
      }
    });

    test('an expired token answers 401 naming its expiry', async () => {
      const created = await server.call({
        method: 'POST',
        url: '/v1/tokens',
        payload: { name: 'short', admin: true, expiresIn: '1h' },
      });
      const { secret, expiresAt } = created.json();
      assert.equal(expiresAt, '2026-11-25T13:00:00.000Z');
      assert.equal((await server.call({ method: 'GET', url: '/v1/whoami', secret })).statusCode, 200);
      now = new Date('2026-11-25T13:00:00.001Z');
      const res = await server.call({ method: 'GET', url: '/v1/whoami', secret });
      now = new Date('2026-11-25T12:00:00.000Z');
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().message, "the bearer token 'short' expired at 2026-11-25T13:00:00.000Z");
    });

    test('a revoked token answers 401; revoking is idempotent; an unknown id answers 404', async () => {
      const { id, secret } = (
        await server.call({ method: 'POST', url: '/v1/tokens', payload: { name: 'gone', admin: true } })
      ).json();
      const revoked = await server.call({ method: 'DELETE', url: `/v1/tokens/${id}` });
      assert.equal(revoked.statusCode, 204);
      assert.equal(revoked.body, '');
      assert.equal((await server.call({ method: 'GET', url: '/v1/whoami', secret })).statusCode, 401);
      assert.equal((await server.call({ method: 'DELETE', url: `/v1/tokens/${id}` })).statusCode, 204);
      const unknown = await server.call({ method: 'DELETE', url: '/v1/tokens/token-ffffffff' });
      assert.equal(unknown.statusCode, 404);
      assert.deepEqual(unknown.json(), {
        code: 'NotFound',
        message: "token 'token-ffffffff' not found",
        retryable: false,
        details: { id: 'token-ffffffff' },
      });
    });

    test('a project token may not manage tokens: 403 PermissionDenied', async () => {
      const secret = await server.token([{ project: 'alpha', role: 'write' }]);
      for (const [method, url] of [
        ['GET', '/v1/tokens'],
        ['POST', '/v1/tokens'],
        ['DELETE', '/v1/tokens/token-00000000'],
      ] as const) {
        const res = await server.call({
          method,
          url,
          secret,
          payload: method === 'POST' ? { name: 'x' } : undefined,
        });
        assert.equal(res.statusCode, 403, `${method} ${url}`);
        assert.deepEqual(res.json(), {
          code: 'PermissionDenied',
          message: 'this call needs an admin token',
          retryable: false,
        });
      }
    });
  });
}
