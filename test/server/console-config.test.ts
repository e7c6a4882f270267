import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/index.js';
import { startTestServer, type TestServer } from './support/test-server.js';

// The console reads GET /v1/console/config before anyone signs in: public, and it names the
// issuer and the console's client only when orchd was given one.
describe('console configuration', () => {
  const servers: TestServer[] = [];
  const dirs: string[] = [];
  const start = async (config: Parameters<typeof startTestServer>[1]) => {
    const dir = await mkdtemp(join(tmpdir(), 'orchd-console-config-'));
    dirs.push(dir);
    const store = await openStore({ url: `sqlite:${join(dir, 'orch.db')}` });
    await store.migrateToLatest();
    const server = await startTestServer(store, config);
    servers.push(server);
    return server;
  };
  after(async () => {
    for (const server of servers) await server.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  test('with an issuer and a console client: both, without a token', async () => {
    const server = await start({
      oidc: { issuer: 'https://kc.example.test/realms/edge', jwksUrl: 'https://kc.example.test/certs', consoleClientId: 'edge-console' },
    }); // prettier-ignore
    const res = await server.call({ method: 'GET', url: '/v1/console/config', secret: null });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), {
      oidc: {
        issuer: 'https://kc.example.test/realms/edge',
        clientId: 'edge-console',
        scope: 'openid profile',
      },
    });
  });

  test('an issuer without a console client, or none: null (token sign-in only)', async () => {
    const withIssuer = await start({
      oidc: { issuer: 'https://kc.example.test/realms/edge', jwksUrl: 'https://kc.example.test/certs' },
    });
    const plain = await start({});
    for (const server of [withIssuer, plain]) {
      const res = await server.call({ method: 'GET', url: '/v1/console/config', secret: null });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { oidc: null });
    }
  });
});
