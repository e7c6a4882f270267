import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { openStore, type KyselyStore } from '../../src/store/index.js';
import { API_OPERATIONS } from '../../src/web/api/api-operations.js';

interface OpenApiOperation {
  readonly responses?: Record<string, { content?: Record<string, { schema?: { properties?: object } }> }>;
}

// The console's API client builds every request from API_OPERATIONS: each entry must be an
// operation of orchd's OpenAPI document, with the success status the client expects.
describe('console API operations against the OpenAPI document', () => {
  let dir: string;
  let store: KyselyStore;
  let app: FastifyInstance;
  let paths: Record<string, Record<string, OpenApiOperation>>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orchd-web-contract-'));
    store = await openStore({ url: `sqlite:${join(dir, 'orch.db')}` });
    await store.migrateToLatest();
    app = await buildApp({ store, config: { releaseServiceUrl: 'https://files-rs.example.test' } });
    paths = (await app.inject({ url: '/openapi.json' })).json().paths;
  });
  after(async () => {
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const [name, op] of Object.entries(API_OPERATIONS)) {
    test(`${name}: ${op.method} ${op.path} answers ${op.status}`, () => {
      const operation = paths[op.path]?.[op.method.toLowerCase()];
      assert.ok(operation, `${op.method} ${op.path} is not in orchd's OpenAPI document`);
      assert.ok(operation.responses?.[String(op.status)], `${op.path} documents no ${op.status} answer`);
    });
  }

  test('the profile fields the console shows are the fields orchd documents', () => {
    const schema = paths['/v1/projects/{project}/compute/os/{resourceId}']?.['get']?.responses?.['200']
      ?.content?.['application/json']?.schema as { properties: Record<string, unknown> } | undefined;
    assert.ok(schema, 'the profile schema is documented');
    const shown = [
      'resourceId', 'name', 'profileName', 'imageUrl', 'imageId', 'sha256', 'osType', 'osProvider',
      'securityFeature', 'osFamily', 'architecture', 'description', 'tlsCaCertInfo', 'secureBootCerts',
      'metadata', 'source', 'platformBundle', 'validation', 'timestamps',
    ]; // prettier-ignore
    const missing = shown.filter((field) => !(field in schema.properties));
    assert.deepEqual(missing, []);
  });
});
