import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../src/store/open-store.js';
import type { KyselyStore } from '../../../src/store/kysely-store.js';
import { createPgTestSchema } from '../../store/pg-test-schema.js';

/**
 * One database for one server test file: a temp SQLite file or a fresh PostgreSQL schema.
 * `open` may be called again after closing, to test that data survives a restart.
 */
export interface ServerBackend {
  readonly name: 'sqlite' | 'postgres';
  /** The `--database` URL of this backend (with `?schema=` on PostgreSQL). */
  readonly url: string;
  /** Opens (and migrates) the store. */
  open(): Promise<KyselyStore>;
  /** Removes the file or the schema. */
  dispose(): Promise<void>;
}

/** Either a backend, or why it is skipped (PostgreSQL unreachable outside CI). */
export type BackendSlot = { readonly name: string; readonly backend?: ServerBackend; readonly skip?: string };

/**
 * The two backends every server test runs on. PostgreSQL comes from ORCH_TEST_PG_URL (default
 * postgres://postgres@127.0.0.1:5432/test); unreachable, it is skipped locally and fails the run
 * under CI (createPgTestSchema throws).
 */
export async function serverBackends(prefix: string): Promise<BackendSlot[]> {
  const dir = await mkdtemp(join(tmpdir(), `orchd-${prefix}-`));
  const sqliteUrl = `sqlite:${join(dir, 'orch.db')}`;
  const sqlite: ServerBackend = {
    name: 'sqlite',
    url: sqliteUrl,
    open: () => migrated(sqliteUrl),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
  const pg = await createPgTestSchema(`srv_${prefix}`);
  if ('skip' in pg)
    return [
      { name: 'sqlite', backend: sqlite },
      { name: 'postgres', skip: pg.skip },
    ];
  const pgUrl = withSchema(pg.url, pg.schema);
  const postgres: ServerBackend = {
    name: 'postgres',
    url: pgUrl,
    open: () => migrated(pgUrl),
    dispose: () => pg.drop(),
  };
  return [
    { name: 'sqlite', backend: sqlite },
    { name: 'postgres', backend: postgres },
  ];
}

async function migrated(url: string): Promise<KyselyStore> {
  const store = await openStore({ url, poolSize: 4 });
  await store.migrateToLatest();
  return store;
}

function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}
