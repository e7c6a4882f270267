import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Migrator, sql } from 'kysely';
import { openStore } from '../../src/store/open-store.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { storeMigrationProvider } from '../../src/store/migrations/store-migrations.js';
import { parseFilter } from '../../src/core/filter/filter-parser.js';
import { createTestSchema, pgTestGate, type TestSchema } from '../support/pg-test-schema.js';
import { newProfileId, profileFields } from './profile-fixtures.js';

const pgGate = await pgTestGate();

/**
 * Migration 0013 on a database that already holds profiles: their reversed names are filled, so
 * suffix filters find them, and on PostgreSQL the listed columns compare by code point.
 */
async function profilesMadeBefore0013(store: KyselyStore, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db: store.db,
    provider: storeMigrationProvider,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const before = await migrator.migrateTo('0009-secure-boot-policy');
  assert.equal(before.error, undefined);
  await store.projects.create('p');
  for (const name of ['edge-17', 'edge-27', 'edge-20', 'ü-😀']) {
    const row = { ...profileFields({ name, imageId: name }) };
    // The row as the profile columns stood before 0013 (no name_reversed yet).
    await sql`insert into os_profiles (project, resource_id, name, profile_name, image_url, image_id, sha256,
        os_type, os_provider, security_feature, os_family, architecture, description, tls_ca_cert, metadata,
        source, installed_packages, existing_cves, fixed_cves, platform_bundle, created_at, updated_at)
      values ('p', ${newProfileId()}, ${name}, ${row.profileName}, ${row.imageUrl}, ${row.imageId}, ${row.sha256},
        ${row.osType}, ${row.osProvider}, ${row.securityFeature}, ${row.osFamily}, ${row.architecture}, '', '', '{}',
        ${row.source}, '', '', '', '', '2026-11-25T19:00:00.000Z', '2026-11-25T19:00:00.000Z')`.execute(
      store.db,
    );
  }
  const rest = await migrator.migrateToLatest();
  assert.equal(rest.error, undefined);
  assert.ok(rest.results?.some((result) => result.migrationName === '0013-profile-list-indexes'));
  const find = async (filter: string) =>
    (await store.profiles.list('p', { filter: parseFilter(filter), pageSize: 10, offset: 0 })).items.map(
      (p) => p.name,
    );
  assert.deepEqual(await find('name = "*7"'), ['edge-17', 'edge-27']);
  assert.deepEqual(await find('name = "*😀"'), ['ü-😀']);
  assert.deepEqual(await find('name = "edge-*0"'), ['edge-20']);
}

describe('migration 0013 fills reversed names of existing profiles', () => {
  test('SQLite', async () => {
    const store = await openStore({ url: ':memory:' });
    try {
      await profilesMadeBefore0013(store);
    } finally {
      await store.close();
    }
  });

  describe('PostgreSQL', { skip: pgGate }, () => {
    let schema: TestSchema | undefined;
    after(() => schema?.drop());
    test('PostgreSQL', async () => {
      schema = await createTestSchema('test_mig0013');
      const store = await openStore({ url: schema.url, schema: schema.schema });
      try {
        await profilesMadeBefore0013(store, schema.schema);
        const collations = await sql<{ column_name: string; collation_name: string | null }>`
          select column_name, collation_name from information_schema.columns
          where table_schema = ${schema.schema} and table_name = 'os_profiles'
            and column_name in ('name', 'created_at', 'name_reversed')`.execute(store.db);
        assert.deepEqual(collations.rows.map((r) => `${r.column_name}:${r.collation_name}`).sort(), [
          'created_at:C',
          'name:C',
          'name_reversed:C',
        ]);
      } finally {
        await store.close();
      }
    });
  });
});
