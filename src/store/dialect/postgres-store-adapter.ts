import pg from 'pg';
import { CompiledQuery, PostgresDialect, sql } from 'kysely';
import type { DatabaseIntrospector, Dialect, Kysely } from 'kysely';
import { SchemaScopedIntrospector } from './schema-scoped-introspector.js';
import type { Database } from '../schema/database.js';
import type { StoreNotifications } from '../notifications/store-notifications.js';
import { createPostgresNotifications } from '../notifications/postgres-notifications.js';
import { StoreDialectAdapterBase, errorCode } from './store-dialect-adapter.js';
import type { DriverErrorKind } from './store-dialect-adapter.js';

/** Connections per orchd replica; PostgreSQL's default limit (100) leaves room for several. */
const DEFAULT_POOL_SIZE = 10;

/** Node socket errors that mean "the server is not there right now". */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
]);

/** Options of {@link PostgresStoreAdapter}. */
export interface PostgresStoreOptions {
  readonly connectionString: string;
  /** Schema for every table (set as search_path on each connection); default `public`. */
  readonly schema?: string;
  readonly poolSize?: number;
}

/**
 * The shared engine: a pg Pool. With a schema, each new connection gets `search_path` set to it,
 * so all unqualified table names (ours and the migrator's) land there; tests use this to isolate runs.
 */
export class PostgresStoreAdapter extends StoreDialectAdapterBase {
  readonly name = 'postgres';
  override readonly schema: string;
  // READ COMMITTED (the default) takes a new snapshot per statement.
  override readonly snapshotIsolation = 'repeatable read' as const;
  override readonly skipLocked = true;
  readonly clockSql = `to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  readonly dialect: Dialect;
  readonly #pool: pg.Pool;
  readonly #connectionString: string;

  constructor(options: PostgresStoreOptions) {
    super();
    this.#connectionString = options.connectionString;
    this.schema = options.schema ?? 'public';
    this.#pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? DEFAULT_POOL_SIZE,
    });
    // An idle client losing its server emits 'error' on the pool; without a listener Node would
    // exit. The next query reports the outage as Unavailable instead.
    this.#pool.on('error', () => undefined);
    const setPath = CompiledQuery.raw(`SET search_path TO ${quoteIdentifier(this.schema)}`);
    const schema = this.schema;
    this.dialect = new (class extends PostgresDialect {
      // Only our schema is looked at: see SchemaScopedIntrospector.
      override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
        return new SchemaScopedIntrospector(db, schema);
      }
    })({
      pool: this.#pool,
      onCreateConnection: async (connection) => {
        await connection.executeQuery(setPath);
      },
    });
  }

  /** A transaction-scoped advisory lock, keyed by the schema too so tenants' schemas do not wait on each other. */
  override async serialise(trx: Kysely<Database>, key: string): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext(${`${this.schema}:${key}`}))`.execute(trx);
  }

  classifyError(error: unknown): DriverErrorKind | undefined {
    const code = errorCode(error);
    if (code === '23505') return 'unique';
    if (code === '23503') return 'foreign-key';
    // 22021 character_not_in_repertoire: NUL in a text value ("invalid byte sequence ... 0x00").
    if (code === '22021') return 'unstorable-text';
    // Class 08 (connection exception), 57P (operator intervention), 53300 (too many connections).
    if (code !== undefined && (code.startsWith('08') || code.startsWith('57P') || code === '53300')) {
      return 'unavailable';
    }
    if (code !== undefined && NETWORK_CODES.has(code)) return 'unavailable';
    if (
      error instanceof Error &&
      /Connection terminated|timeout exceeded when trying to connect/i.test(error.message)
    ) {
      return 'unavailable';
    }
    return undefined;
  }

  /** LISTEN/NOTIFY on a connection of its own, channels scoped by this schema. */
  override createNotifications(db: Kysely<Database>): StoreNotifications {
    return createPostgresNotifications(db, this.#connectionString, this.schema);
  }

  /** Creates the schema when missing; racing replicas may both try, which is harmless. */
  override async prepare(): Promise<void> {
    const client = await this.#pool.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schema)}`);
    } catch (error) {
      // 23505/42P06: another replica created it between the check and the insert.
      const code = errorCode(error);
      if (code !== '23505' && code !== '42P06') throw error;
    } finally {
      client.release();
    }
  }
}

/** Quotes a schema name; parseStoreUrl has already restricted it to a plain identifier. */
function quoteIdentifier(name: string): string {
  return `"${name}"`;
}
