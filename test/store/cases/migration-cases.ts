import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/store/schema/database.js';
import { migrateToLatest } from '../../../src/store/migrations/migrate-to-latest.js';
import { STORE_MIGRATIONS } from '../../../src/store/migrations/store-migrations.js';
import type { SuiteContext } from '../store-contract.js';

const TABLES = [
  'api_tokens',
  'event_counters',
  'host_events',
  'hosts',
  'instances',
  'jobs',
  'os_profiles',
  'projects',
  'regions',
  'seeded_defaults',
  'sites',
  'workflows',
];

export function migrationCases(context: SuiteContext): void {
  test('migrations: the fresh database gets every migration once, in order', () => {
    assert.deepEqual(context.firstMigration(), Object.keys(STORE_MIGRATIONS).sort());
    assert.deepEqual(context.firstMigration().slice(0, 3), [
      '0001-initial-schema',
      '0002-validation-jobs',
      '0003-jobs',
    ]);
    assert.ok(context.firstMigration().includes('0004-emf-profile-fields'));
    for (const name of ['0005-hosts-instances', '0006-workflows', '0007-regions-sites']) {
      assert.ok(context.firstMigration().includes(name), name);
    }
    assert.ok(context.firstMigration().includes('0009-secure-boot-policy'));
  });

  test('migrations: running again applies nothing, through the store or a bare Kysely', async () => {
    const store = context.store();
    assert.deepEqual(await migrateToLatest(store), []);
    assert.deepEqual(await store.migrateToLatest(), []);
    const other = await context.open({ unmigrated: true });
    assert.deepEqual(
      await migrateToLatest(
        other.db,
        other.dialect === 'postgres' ? await currentSchema(other.db) : undefined,
      ),
      [],
    );
  });

  test('migrations: every table exists in the store schema', async () => {
    const store = context.store();
    const tables = await store.db.introspection.getTables();
    const schema = store.dialect === 'postgres' ? await currentSchema(store.db) : undefined;
    const names = tables.filter((t) => schema === undefined || t.schema === schema).map((t) => t.name);
    for (const table of TABLES) assert.ok(names.includes(table), `table ${table} in ${names.join(',')}`);
  });

  test('ping answers on an open store', async () => {
    await context.store().ping();
  });
}

/** The schema the connection's search_path puts first (PostgreSQL). */
async function currentSchema(db: Kysely<Database>): Promise<string> {
  const result = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const row = result.rows[0];
  assert.ok(row);
  return row.schema;
}
