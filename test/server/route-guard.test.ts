import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { HTTPMethods } from 'fastify';
import { serverBackends } from './support/server-backends.js';
import { startTestServer, type TestServer } from './support/test-server.js';

// Every route of the OpenAPI document is checked, so a new route cannot escape: it must declare
// its access (x-access), and anything but the probes must answer 401 without a valid token and
// 403 to a valid token lacking the role.
const slots = await serverBackends('guard');
// /v1/console/config is read by the console before anyone signs in: it names only the OIDC
// issuer and the console's public client id, as the issuer's own discovery document does.
const PUBLIC_PATHS = ['/healthz', '/readyz', '/metrics', '/v1/orchestrator', '/v1/console/config'];
// Public to the operator guard: edge nodes call these, and they check the node credential
// themselves (onboarding has none yet, and is rate-limited instead).
const NODE_PATHS = ['/v1/onboard', '/v1/agent/workflow', '/v1/agent/events'];
const PARAMS: Record<string, string> = { project: 'alpha', resourceId: 'os-00000000', id: 'token-00000000' };

interface RouteEntry {
  readonly method: HTTPMethods;
  readonly path: string;
  readonly url: string;
  readonly access: string | undefined;
}

async function routesOf(server: TestServer): Promise<RouteEntry[]> {
  const doc = (await server.call({ method: 'GET', url: '/openapi.json', secret: null })).json();
  const routes: RouteEntry[] = [];
  for (const [path, operations] of Object.entries(
    doc.paths as Record<string, Record<string, { 'x-access'?: string }>>,
  )) {
    for (const [method, operation] of Object.entries(operations)) {
      if (method === 'head' || method === 'parameters') continue;
      const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => PARAMS[name] ?? 'x');
      // An event stream of an unknown host answers 404 instead of staying open.
      const url =
        filled.endsWith('/events') && !path.includes('{resourceId}')
          ? `${filled}?host=host-00000000`
          : filled;
      routes.push({ method: method.toUpperCase() as HTTPMethods, path, url, access: operation['x-access'] });
    }
  }
  return routes;
}

for (const slot of slots) {
  describe(`every route is guarded on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    let server: TestServer;
    let routes: RouteEntry[];
    let noRole: string;
    let reader: string;
    let writer: string;
    before(async () => {
      server = await startTestServer(await slot.backend!.open());
      await server.call({ method: 'POST', url: '/v1/projects', payload: { name: 'alpha' } });
      routes = await routesOf(server);
      noRole = await server.token([{ project: 'other', role: 'write' }]);
      reader = await server.token([{ project: 'alpha', role: 'read' }]);
      writer = await server.token([{ project: 'alpha', role: 'write' }]);
    });
    after(async () => {
      await server?.close();
      await slot.backend?.dispose();
    });

    const send = (route: RouteEntry, secret: string | null) =>
      server.call({
        method: route.method,
        url: route.url,
        secret,
        ...(['POST', 'PUT', 'PATCH'].includes(route.method) ? { payload: {} } : {}),
      });

    test('the document lists the API routes, each with its access', () => {
      assert.ok(routes.length >= 20, `only ${routes.length} routes`);
      for (const route of routes) {
        assert.ok(route.access, `${route.method} ${route.path} declares no x-access`);
        assert.equal(
          route.access === 'public',
          PUBLIC_PATHS.includes(route.path) || NODE_PATHS.includes(route.path),
          `${route.method} ${route.path}`,
        );
      }
    });

    test('without a token, with a malformed or an unknown token: 401 on every non-public route', async () => {
      for (const route of routes.filter((r) => r.access !== 'public')) {
        for (const secret of [null, 'eo_unknownunknownunknown', 'garbage']) {
          const res = await send(route, secret);
          assert.equal(res.statusCode, 401, `${route.method} ${route.url} with ${secret}`);
          assert.equal(res.json().code, 'Unauthenticated');
        }
      }
    });

    test('a valid token without the needed role: 403 on every admin, read and write route', async () => {
      for (const route of routes) {
        const lacking =
          route.access === 'admin'
            ? [noRole, reader, writer]
            : route.access === 'read'
              ? [noRole]
              : route.access === 'write'
                ? [noRole, reader]
                : [];
        for (const secret of lacking) {
          const res = await send(route, secret);
          assert.equal(res.statusCode, 403, `${route.method} ${route.url}`);
          assert.equal(res.json().code, 'PermissionDenied');
        }
      }
    });

    test('the right role gets past the guard (no 401/403) on every route', async () => {
      for (const route of routes.filter((r) => r.access !== 'public')) {
        const secret =
          route.access === 'admin' ? server.adminSecret : route.access === 'read' ? reader : writer;
        const res = await send(route, secret);
        assert.ok(
          ![401, 403].includes(res.statusCode),
          `${route.method} ${route.url}: ${res.statusCode} ${res.body}`,
        );
      }
    });

    test('public probes answer without a token', async () => {
      for (const route of routes.filter((r) => PUBLIC_PATHS.includes(r.path))) {
        assert.equal((await send(route, null)).statusCode, 200, route.path);
      }
    });

    test('node routes refuse operator tokens and missing node credentials', async () => {
      for (const route of routes.filter((r) => NODE_PATHS.includes(r.path) && r.path !== '/v1/onboard')) {
        for (const secret of [null, writer, server.adminSecret]) {
          const res = await send(route, secret);
          assert.equal(res.statusCode, 401, `${route.method} ${route.url}`);
          assert.equal(res.json().code, 'Unauthenticated');
        }
      }
      const onboard = await server.call({ method: 'POST', url: '/v1/onboard', secret: null, payload: {} });
      assert.equal(onboard.statusCode, 400, onboard.body);
    });
  });
}
