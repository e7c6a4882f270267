import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverBackends } from './support/server-backends.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import { buildApp } from '../../src/server/app.js';
import type { Store } from '../../src/store/store.js';

const slots = await serverBackends('health');

for (const slot of slots) {
  describe(`health, metrics and errors on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(await slot.backend!.open(), { bodyLimit: 4096 });
    });
    after(async () => {
      await server?.close();
      await slot.backend?.dispose();
    });

    test('/healthz and /readyz answer without a token', async () => {
      const health = await server.call({ method: 'GET', url: '/healthz', secret: null });
      assert.deepEqual([health.statusCode, health.json()], [200, { status: 'ok' }]);
      const ready = await server.call({ method: 'GET', url: '/readyz', secret: null });
      assert.deepEqual([ready.statusCode, ready.json()], [200, { status: 'ready' }]);
    });

    test('/readyz answers 503 Unavailable when the database does not answer', async () => {
      const down: Store = {
        ...server.store,
        dialect: server.store.dialect,
        profiles: server.store.profiles,
        ping: async () => {
          throw new Error('connection refused to 10.0.0.1');
        },
      };
      const app = await buildApp({ store: down, config: { releaseServiceUrl: 'https://rs.test' } });
      try {
        const res = await app.inject({ method: 'GET', url: '/readyz' });
        assert.equal(res.statusCode, 503);
        assert.deepEqual(res.json(), {
          code: 'Unavailable',
          message: 'the database does not answer',
          retryable: true,
        });
      } finally {
        await app.close();
      }
    });

    test('/metrics counts requests by route pattern, per app instance', async () => {
      await server.call({ method: 'GET', url: '/v1/whoami' });
      await server.call({ method: 'GET', url: '/v1/whoami', secret: null });
      const res = await server.call({ method: 'GET', url: '/metrics', secret: null });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^text\/plain/);
      assert.match(res.body, /orchd_http_requests_total\{method="GET",route="\/v1\/whoami",status="200"\} 1/);
      assert.match(res.body, /orchd_http_requests_total\{method="GET",route="\/v1\/whoami",status="401"\} 1/);
      assert.match(
        res.body,
        /orchd_http_request_duration_seconds_bucket\{le="0.001",method="GET",route="\/v1\/whoami"\}/,
      );
      // A second app in the same process has its own registry: no clash, no shared counts.
      const other = await buildApp({ store: server.store, config: { releaseServiceUrl: 'https://rs.test' } });
      try {
        const fresh = await other.inject({ method: 'GET', url: '/metrics' });
        assert.equal(fresh.statusCode, 200);
        assert.doesNotMatch(fresh.body, /route="\/v1\/whoami"/);
      } finally {
        await other.close();
      }
    });

    test('unknown route: 404 NotFound in the error shape', async () => {
      const res = await server.call({ method: 'GET', url: '/v2/nothing?x=1' });
      assert.equal(res.statusCode, 404);
      assert.deepEqual(res.json(), {
        code: 'NotFound',
        message: 'no route GET /v2/nothing',
        retryable: false,
      });
    });

    test('malformed JSON, a wrong media type and an oversized body: 400 InvalidArgument', async () => {
      const cases: [string, string, string][] = [
        ['{"name": ', 'application/json', 'request body is not valid JSON'],
        ['name=x', 'application/x-www-form-urlencoded', 'request body must be application/json'],
        [
          JSON.stringify({ name: 'x'.repeat(5000), admin: true }),
          'application/json',
          'request body is larger than the 4096-byte limit',
        ],
      ];
      for (const [payload, type, message] of cases) {
        const res = await server.call({
          method: 'POST',
          url: '/v1/tokens',
          payload,
          headers: { 'content-type': type },
        });
        assert.equal(res.statusCode, 400, message);
        assert.deepEqual(res.json(), { code: 'InvalidArgument', message, retryable: false });
      }
    });

    test('every answer carries a request id; a caller-supplied x-request-id is kept', async () => {
      const res = await server.call({
        method: 'GET',
        url: '/healthz',
        headers: { 'x-request-id': 'trace-42' },
      });
      assert.equal(res.headers['x-request-id'], 'trace-42');
      const generated = await server.call({ method: 'GET', url: '/v1/nothing' });
      assert.match(generated.headers['x-request-id'] as string, /^[0-9a-f-]{36}$/);
      const hostile = await server.call({
        method: 'GET',
        url: '/healthz',
        headers: { 'x-request-id': 'a b\n{"level":60}' },
      });
      assert.match(
        hostile.headers['x-request-id'] as string,
        /^[0-9a-f-]{36}$/,
        'an unsafe caller id is replaced',
      );
    });

    test('the OpenAPI document lists every route and the docs UI is served', async () => {
      const doc = (await server.call({ method: 'GET', url: '/openapi.json', secret: null })).json();
      assert.equal(doc.openapi, '3.0.3');
      for (const path of ['/healthz', '/readyz', '/metrics', '/v1/whoami', '/v1/tokens', '/v1/tokens/{id}']) {
        assert.ok(doc.paths[path], path);
      }
      assert.equal(doc.components.securitySchemes.bearerAuth.scheme, 'bearer');
      const ui = await server.call({ method: 'GET', url: '/docs/', secret: null });
      assert.equal(ui.statusCode, 200);
      assert.match(ui.body, /swagger/i);
    });
  });
}
