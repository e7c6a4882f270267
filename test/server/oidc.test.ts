import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverBackends } from './support/server-backends.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import { startLocalOidc, type LocalOidc } from './support/local-oidc.js';

const slots = await serverBackends('oidc');
const NOW = new Date('2026-11-25T12:00:00.000Z');
const nowSeconds = () => Math.floor(NOW.getTime() / 1000);

for (const slot of slots) {
  describe(`OIDC bearer JWTs on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    let server: TestServer;
    let oidc: LocalOidc;
    before(async () => {
      oidc = await startLocalOidc(nowSeconds);
      const store = await slot.backend!.open();
      server = await startTestServer(
        store,
        { oidc: { issuer: oidc.issuer, jwksUrl: oidc.jwksUrl } },
        () => NOW,
      );
      await server.call({ method: 'POST', url: '/v1/projects', payload: { name: 'alpha' } });
      await server.call({ method: 'POST', url: '/v1/projects', payload: { name: 'beta' } });
    });
    after(async () => {
      await server?.close();
      await oidc?.close();
      await slot.backend?.dispose();
    });

    const whoami = (secret: string) => server.call({ method: 'GET', url: '/v1/whoami', secret });

    test('realm roles <project>_im-r / _im-rw become read / write; other roles are ignored', async () => {
      const jwt = await oidc.sign({
        sub: 'u-1',
        preferred_username: 'alice',
        realm_access: { roles: ['alpha_im-rw', 'beta_im-r', 'offline_access', 'gamma_im-x'] },
      });
      const res = await whoami(jwt);
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), {
        kind: 'oidc',
        subject: 'alice',
        admin: false,
        roles: [
          { project: 'alpha', role: 'write' },
          { project: 'beta', role: 'read' },
        ],
        expiresAt: new Date((nowSeconds() + 3600) * 1000).toISOString(),
      });
    });

    test('roles decide per project: write, read-only, none', async () => {
      const jwt = await oidc.sign({ sub: 'bob', realm_access: { roles: ['alpha_im-rw', 'beta_im-r'] } });
      const create = (project: string) =>
        server.call({
          method: 'POST',
          url: `/v1/projects/${project}/compute/os`,
          secret: jwt,
          payload: { name: 'x' },
        });
      assert.equal(
        (await server.call({ method: 'GET', url: '/v1/projects/beta', secret: jwt })).statusCode,
        200,
      );
      const readOnly = await create('beta');
      assert.equal(readOnly.statusCode, 403);
      assert.equal(
        readOnly.json().message,
        "the token has read-only access to project 'beta'; this call needs write",
      );
      const none = await server.call({ method: 'GET', url: '/v1/projects/gamma/compute/os', secret: jwt });
      assert.equal(none.statusCode, 403);
      assert.equal(none.json().message, "the token has no role on project 'gamma'");
      // With write on alpha the request reaches validation: the body is refused, not the caller.
      assert.equal((await create('alpha')).statusCode, 400);
      const listed = await server.call({ method: 'GET', url: '/v1/projects', secret: jwt });
      assert.deepEqual(
        listed.json().projects.map((p: { name: string }) => p.name),
        ['alpha', 'beta'],
      );
    });

    test('OIDC users are never admins: token management answers 403', async () => {
      const jwt = await oidc.sign({ sub: 'carol', realm_access: { roles: ['alpha_im-rw'] } });
      const res = await server.call({ method: 'GET', url: '/v1/tokens', secret: jwt });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().code, 'PermissionDenied');
    });

    test('an issuer whose keys cannot be fetched answers 503 Unavailable, not 401', async () => {
      const down = await startTestServer(
        server.store,
        { oidc: { issuer: oidc.issuer, jwksUrl: 'http://127.0.0.1:9/realms/edge/certs' } },
        () => NOW,
      );
      try {
        const res = await down.call({
          method: 'GET',
          url: '/v1/whoami',
          secret: await oidc.sign({ sub: 'x' }),
        });
        assert.equal(res.statusCode, 503);
        assert.deepEqual(res.json(), {
          code: 'Unavailable',
          message: "the OIDC issuer's signing keys cannot be fetched",
          retryable: true,
        });
      } finally {
        await down.app.close();
      }
    });

    test('a forged signature, another issuer, an expired JWT and garbage answer 401', async () => {
      const cases: [string, string][] = [
        [await oidc.sign({ sub: 'x' }, { key: oidc.strangerKey }), 'the signature does not verify'],
        [await oidc.sign({ sub: 'x' }, { issuer: 'https://evil.example/realms/edge' }), "claim 'iss'"],
        // Past the 60 s of clock skew orchd tolerates.
        [await oidc.sign({ sub: 'x' }, { expiresAt: nowSeconds() - 120 }), 'it has expired'],
        [await oidc.sign({ sub: 'x' }, { expiresAt: null }), "claim 'exp'"],
        ['not.a.jwt', 'the bearer JWT was refused'],
      ];
      for (const [jwt, reason] of cases) {
        const res = await whoami(jwt);
        assert.equal(res.statusCode, 401, reason);
        assert.equal(res.json().code, 'Unauthenticated');
        assert.ok(res.json().message.includes(reason), `${res.json().message} lacks ${reason}`);
        assert.ok(!res.body.includes(jwt));
      }
    });

    test('a JWT expired 10 s ago is still accepted: 60 s of clock skew are tolerated', async () => {
      const res = await whoami(await oidc.sign({ sub: 'x' }, { expiresAt: nowSeconds() - 10 }));
      assert.equal(res.statusCode, 200, res.body);
    });
  });
}

describe('OIDC with --oidc-audience', () => {
  let server: TestServer;
  let oidc: LocalOidc;
  const sqlite = slots.find((slot) => slot.name === 'sqlite')!;
  before(async () => {
    oidc = await startLocalOidc(nowSeconds);
    server = await startTestServer(
      await sqlite.backend!.open(),
      { oidc: { issuer: oidc.issuer, jwksUrl: oidc.jwksUrl, audience: 'edge-orch-api' } },
      () => NOW,
    );
  });
  after(async () => {
    await server?.close();
    await oidc?.close();
  });

  test("only a JWT for orchd's audience is accepted", async () => {
    const ours = await oidc.sign({ sub: 'x' }, { audience: 'edge-orch-api' });
    assert.equal((await server.call({ method: 'GET', url: '/v1/whoami', secret: ours })).statusCode, 200);
    for (const jwt of [
      await oidc.sign({ sub: 'x' }, { audience: 'account' }),
      await oidc.sign({ sub: 'x' }),
    ]) {
      const res = await server.call({ method: 'GET', url: '/v1/whoami', secret: jwt });
      assert.equal(res.statusCode, 401);
      assert.match(res.json().message, /claim 'aud'/);
    }
  });
});
