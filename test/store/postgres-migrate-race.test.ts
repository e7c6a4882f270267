import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../../src/store/open-store.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { createTestSchema, pgTestGate } from '../support/pg-test-schema.js';
import type { TestSchema } from '../support/pg-test-schema.js';

// Replicas starting together on an empty schema: the migrator's lock must let exactly one of them
// apply each migration, and none may fail.
const skip = await pgTestGate();
describe('PostgreSQL: replicas migrating one fresh schema at once', { skip }, () => {
  let pg: TestSchema;
  const stores: KyselyStore[] = [];
  before(async () => {
    pg = await createTestSchema('test_store_race');
  });
  after(async () => {
    await Promise.allSettled(stores.map((store) => store.close()));
    await pg.drop();
  });

  test('three stores migrate concurrently; the migration is applied once', async () => {
    for (let i = 0; i < 3; i += 1)
      stores.push(await openStore({ url: pg.url, schema: pg.schema, poolSize: 2 }));
    const applied = await Promise.all(stores.map((store) => store.migrateToLatest()));
    assert.deepEqual(applied.flat(), [
      '0001-initial-schema',
      '0002-validation-jobs',
      '0003-jobs',
      '0004-emf-profile-fields',
      '0005-hosts-instances',
      '0006-workflows',
      '0007-regions-sites',
      '0009-secure-boot-policy',
      '0011-host-pci-devices',
      '0013-profile-list-indexes',
      '0014-dry-run-slots',
    ]);
    await stores[0]?.projects.create('default');
    assert.equal((await stores[2]?.projects.get('default'))?.name, 'default');
  });

  test('migrating again while other schemas come and go never fails (the migrator scans every schema)', async () => {
    const store = await openStore({ url: pg.url, schema: pg.schema });
    stores.push(store);
    // Other tenants' schemas with tables, created and dropped every few tens of milliseconds
    // while this store checks its own migrations: bounded by count.
    let churning = true;
    const churn = (async () => {
      let rounds = 0;
      while (churning && rounds < 400) {
        const other = await createTestSchema('test_store_churn');
        await other.pool.query(
          'create table t1 (id serial primary key); create table t2 (id serial primary key)',
        );
        await other.drop();
        rounds += 1;
        await delay(20);
      }
      return rounds;
    })();
    try {
      for (let i = 0; i < 40; i += 1) assert.deepEqual(await store.migrateToLatest(), []);
    } finally {
      churning = false;
    }
    assert.ok((await churn) > 0);
  });

  test('a schema given in the URL works like the option', async () => {
    const store = await openStore({ url: `${pg.url}?schema=${pg.schema}` });
    stores.push(store);
    assert.deepEqual(await store.migrateToLatest(), []);
    assert.equal((await store.projects.get('default'))?.name, 'default');
  });
});
