import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../src/store/open-store.js';
import type { KyselyStore } from '../../../src/store/kysely-store.js';
import { createTestSchema, pgTestGate } from '../../support/pg-test-schema.js';

/**
 * One database for one server test file: a temp SQLite file or a fresh PostgreSQL schema.
 * `open` may be called again after closing, to test that data survives a restart.
 */
export interface ServerBackend {
  readonly name: 'sqlite' | 'postgres';
  /** The `--database` URL of this backend (with `?schema=` on PostgreSQL). */
  readonly url: string;
  /**
   * Opens (and migrates) the store; `now` is its clock for timestamps (default the system clock),
   * `leaseClock` the one job leases are judged on (default the database's).
   */
  open(now?: () => Date, leaseClock?: () => Date): Promise<KyselyStore>;
  /** Removes the file or the schema. */
  dispose(): Promise<void>;
}

/** Either a backend, or why it is skipped (PostgreSQL unreachable outside CI). */
export type BackendSlot = { readonly name: string; readonly backend?: ServerBackend; readonly skip?: string };

/**
 * The two backends every server test runs on. PostgreSQL comes from ORCH_TEST_PG_URL (default
 * postgres://postgres@127.0.0.1:5432/test), in a fresh schema per file opened through openStore's
 * schema option; unreachable, it is skipped locally and fails the run under CI (pgTestGate throws).
 */
export async function serverBackends(prefix: string): Promise<BackendSlot[]> {
  // The gate first: under CI it throws, and nothing has been created yet that would be left behind.
  const skip = await pgTestGate();
  const dir = await mkdtemp(join(tmpdir(), `orchd-${prefix}-`));
  const sqliteUrl = `sqlite:${join(dir, 'orch.db')}`;
  const sqlite: ServerBackend = {
    name: 'sqlite',
    url: sqliteUrl,
    open: (now, leaseClock) => migrated(sqliteUrl, undefined, now, leaseClock),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
  if (skip)
    return [
      { name: 'sqlite', backend: sqlite },
      { name: 'postgres', skip },
    ];
  const pg = await createTestSchema(`srv_${prefix}`);
  const postgres: ServerBackend = {
    name: 'postgres',
    url: withSchema(pg.url, pg.schema),
    open: (now, leaseClock) => migrated(pg.url, pg.schema, now, leaseClock),
    dispose: () => pg.drop(),
  };
  return [
    { name: 'sqlite', backend: sqlite },
    { name: 'postgres', backend: postgres },
  ];
}

async function migrated(
  url: string,
  schema?: string,
  now?: () => Date,
  leaseClock?: () => Date,
): Promise<KyselyStore> {
  const store = await openStore({
    url,
    poolSize: 4,
    ...(schema ? { schema } : {}),
    ...(now ? { now } : {}),
    ...(leaseClock ? { leaseClock } : {}),
  });
  await store.migrateToLatest();
  return store;
}

function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}
