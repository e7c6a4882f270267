import { Kysely } from 'kysely';
import { OrchError } from '../core/errors/index.js';
import type { Database } from './schema/database.js';
import type { StoreDialectAdapter } from './dialect/store-dialect-adapter.js';
import { SqliteStoreAdapter } from './dialect/sqlite-store-adapter.js';
import { PostgresStoreAdapter } from './dialect/postgres-store-adapter.js';
import { KyselyStore } from './kysely-store.js';
import { parseStoreUrl } from './store-url.js';
import { toStoreError } from './store-errors.js';

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** `sqlite:<path>`, a plain file path, `:memory:`, or `postgres://…[?schema=NAME]`. */
  readonly url: string;
  /** PostgreSQL only: schema for every table (wins over the URL's `schema`); default `public`. */
  readonly schema?: string;
  /** PostgreSQL only: pool size per process; default 10. */
  readonly poolSize?: number;
  /** Clock for timestamps; default the system clock. */
  readonly now?: () => Date;
  /** Clock job leases are judged on; default the database server's clock (tests inject one). */
  readonly leaseClock?: () => Date;
}

/**
 * Opens the store named by `url` and checks that the database answers. It does NOT migrate:
 * call `migrateToLatest(store)` next (orchd does on every start). Throws InvalidArgument for a
 * bad URL and Unavailable when the database cannot be reached.
 */
export async function openStore(options: OpenStoreOptions): Promise<KyselyStore> {
  const location = parseStoreUrl(options.url, options.schema);
  let adapter: StoreDialectAdapter;
  try {
    adapter =
      location.kind === 'sqlite'
        ? new SqliteStoreAdapter(location.path)
        : new PostgresStoreAdapter({ ...location, schema: location.schema, poolSize: options.poolSize });
  } catch (error) {
    const where = location.kind === 'sqlite' ? `the SQLite file "${location.path}"` : 'the PostgreSQL pool';
    throw new OrchError('Unavailable', `cannot open ${where}`, { cause: error });
  }
  const db = new Kysely<Database>({ dialect: adapter.dialect });
  const store = new KyselyStore({
    db,
    root: db,
    adapter,
    now: options.now ?? (() => new Date()),
    ...(options.leaseClock ? { leaseClock: options.leaseClock } : {}),
  });
  try {
    await adapter.prepare();
    await store.ping();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw toStoreError(adapter, error, 'open the database');
  }
  return store;
}
