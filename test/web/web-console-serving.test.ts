import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { openStore, type KyselyStore } from '../../src/store/index.js';

const INDEX = '<!doctype html><title>console</title><script src="/assets/index-AbC123.js"></script>';
const SCRIPT = 'console.log("console");';

// orchd serving a console build folder: hashed assets cached for a year, index.html revalidated
// and answered for every console route; the API and the docs keep their paths.
describe('web console serving', () => {
  let dir: string;
  let store: KyselyStore;
  let app: FastifyInstance;
  let bare: FastifyInstance;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orchd-web-'));
    const root = join(dir, 'web');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), INDEX);
    await writeFile(join(root, 'assets', 'index-AbC123.js'), SCRIPT);
    store = await openStore({ url: `sqlite:${join(dir, 'orch.db')}` });
    await store.migrateToLatest();
    const config = { releaseServiceUrl: 'https://files-rs.example.test' };
    app = await buildApp({ store, config, webRoot: root });
    bare = await buildApp({ store, config, webRoot: join(dir, 'not-built') });
  });
  after(async () => {
    await app?.close();
    await bare?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('a hashed asset is served with a one-year immutable cache', async () => {
    const r = await app.inject({ url: '/assets/index-AbC123.js' });
    assert.equal(r.statusCode, 200);
    assert.equal(r.body, SCRIPT);
    assert.match(r.headers['content-type'] as string, /javascript/);
    assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable');
  });

  for (const url of [
    '/',
    '/sign-in',
    '/projects/default/os-profiles',
    '/projects/default/os-profiles/os-1a2b3c4d',
  ]) {
    test(`${url} answers index.html, revalidated on each load`, async () => {
      const r = await app.inject({ url });
      assert.equal(r.statusCode, 200);
      assert.equal(r.body, INDEX);
      assert.match(r.headers['content-type'] as string, /^text\/html/);
      assert.equal(r.headers['cache-control'], 'no-cache');
    });
  }

  test('the API, its errors and the OpenAPI document keep their paths', async () => {
    const api = await app.inject({ url: '/v1/whoami' });
    assert.equal(api.statusCode, 401);
    assert.equal(api.json().code, 'Unauthenticated');
    const missing = await app.inject({ url: '/assets/index-Nope.js' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().code, 'NotFound');
    const doc = await app.inject({ url: '/openapi.json' });
    assert.equal(doc.statusCode, 200);
    const paths = Object.keys(doc.json().paths as Record<string, unknown>);
    const consoleRoutes = paths.filter(
      (p) => p === '/' || p.startsWith('/assets') || p.startsWith('/sign-in'),
    );
    assert.deepEqual(consoleRoutes, [], 'console routes stay out of the OpenAPI document');
    assert.ok(paths.includes('/v1/projects/{project}/compute/os'));
  });

  test('without a build the console routes say how to build it', async () => {
    const r = await bare.inject({ url: '/' });
    assert.equal(r.statusCode, 404);
    assert.match(r.body, /web console is not built: run `npm run build`/);
  });
});
