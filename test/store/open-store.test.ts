import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openStore } from '../../src/store/open-store.js';
import { migrateToLatest } from '../../src/store/migrations/migrate-to-latest.js';
import { expectStoreError, profileFields } from './profile-fixtures.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'orch-open-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('SQLite: the file is in WAL mode with foreign keys on, and its parent directory is created', async () => {
  const path = join(dir, 'a', 'b', 'orch.db');
  const store = await openStore({ url: path });
  try {
    assert.equal(store.dialect, 'sqlite');
    await migrateToLatest(store);
    const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
    assert.equal(journal.rows[0]?.journal_mode, 'wal');
    const keys = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(store.db);
    assert.equal(keys.rows[0]?.foreign_keys, 1);
  } finally {
    await store.close();
  }
});

test(':memory: opens and migrates', async () => {
  const store = await openStore({ url: ':memory:' });
  try {
    assert.deepEqual(await migrateToLatest(store), [
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
    await store.projects.create('default');
    assert.equal((await store.projects.list()).length, 1);
  } finally {
    await store.close();
  }
});

test('a SQLite path that cannot be opened is Unavailable naming the file', async () => {
  const error = await expectStoreError(() => openStore({ url: `sqlite:${dir}` }), 'Unavailable');
  assert.equal(error.message, `cannot open the SQLite file "${dir}"`);
});

test('an unreachable PostgreSQL is Unavailable (retryable), without driver text', async () => {
  const error = await expectStoreError(
    () => openStore({ url: 'postgres://postgres@127.0.0.1:1/test?connect_timeout=2' }),
    'Unavailable',
  );
  assert.equal(error.retryable, true);
  assert.equal(error.message, 'the database cannot be reached right now (open the database)');
});

test('a bad URL is InvalidArgument before anything is opened', async () => {
  await expectStoreError(() => openStore({ url: 'postgres://db/x', schema: 'no-dash' }), 'InvalidArgument');
});

test('driver failures never reach the message: a missing table and a closed store', async () => {
  const store = await openStore({ url: join(dir, 'broken.db') });
  await migrateToLatest(store);
  await store.projects.create('default');
  await sql`drop table seeded_defaults`.execute(store.db);
  const error = await expectStoreError(
    () =>
      store.profiles.seedDefaults('default', [{ key: 'k', fields: profileFields() }], () => 'os-00000001'),
    'Internal',
  );
  assert.equal(
    error.message,
    'unexpected database error while trying to seed the default OS profiles of project "default"',
  );
  assert.match(
    String((error.cause as Error).message),
    /seeded_defaults/,
    'the driver error is kept as the cause',
  );
  await store.close();
  const closed = await expectStoreError(() => store.projects.list(), 'Internal');
  assert.equal(closed.message, 'unexpected database error while trying to list projects');
});
