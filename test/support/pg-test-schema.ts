/**
 * A private PostgreSQL schema for one test run, so parallel runs and files never see each other's
 * tables. The server is `ORCH_TEST_PG_URL` (default postgres://postgres@127.0.0.1:5432/test).
 *
 *   const gate = await pgTestGate();            // skip reason, or false; throws under CI when unreachable
 *   describe('x on postgres', { skip: gate }, () => {
 *     let pg: TestSchema;
 *     before(async () => { pg = await createTestSchema('test_filter'); });
 *     after(() => pg.drop());
 *     ... pg.kysely<DB>() / pg.pool / pg.schemaUrl ...
 *   });
 */
import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { underCi } from './ci-env.js';

export const DEFAULT_TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The environment variables this helper reads (a test hands in its own). */
export type TestPgEnv = Readonly<Record<string, string | undefined>>;

/** The server every PostgreSQL test uses: `ORCH_TEST_PG_URL`, else {@link DEFAULT_TEST_PG_URL}. */
export function testPgUrl(env: TestPgEnv = process.env): string {
  return env['ORCH_TEST_PG_URL'] || DEFAULT_TEST_PG_URL;
}

/** One schema, created empty; every connection of `pool`, `kysely()` and `schemaUrl` uses it. */
export interface TestSchema {
  /** The server URL (`ORCH_TEST_PG_URL`), without the schema. */
  readonly url: string;
  /** The URL with `options=-c search_path=<schema>`: hand it to code that opens its own pool. */
  readonly schemaUrl: string;
  /** `<prefix>_<12 hex>`: a valid, unquoted identifier. */
  readonly schema: string;
  /** A pool (max 4) whose connections have `search_path` set to the schema. */
  readonly pool: pg.Pool;
  /** The Kysely instance over `pool` (the same one on every call). */
  kysely<DB>(): Kysely<DB>;
  /** Drops the schema with everything in it, then closes the pool. Safe to call twice. */
  drop(): Promise<void>;
}

/** Creates `<prefix>_<random>`; `prefix` must be a lower-case identifier. Throws when the server is unreachable. */
export async function createTestSchema(prefix: string): Promise<TestSchema> {
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) throw new Error(`bad schema prefix ${JSON.stringify(prefix)}`);
  const url = testPgUrl();
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const schemaUrl = withSearchPath(url, schema);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: schemaUrl, max: 4 });
  let db: Kysely<unknown> | undefined;
  let dropped = false;
  return {
    url,
    schemaUrl,
    schema,
    pool,
    kysely<DB>() {
      db ??= new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
      return db as unknown as Kysely<DB>;
    },
    async drop() {
      if (dropped) return;
      dropped = true;
      await pool.query(`drop schema if exists ${schema} cascade`);
      // Kysely's destroy ends the pool it was given; end it ourselves only when Kysely never ran.
      await (db ? db.destroy() : pool.end());
    },
  };
}

/**
 * Whether PostgreSQL tests can run: `false` when the server answers, otherwise a skip message
 * (printed by node:test). Under CI (`CI` set to anything but '', 'false' or '0') an unreachable
 * server is an error, so a missing database fails the run instead of skipping half the matrix.
 */
export async function pgTestGate(env: TestPgEnv = process.env): Promise<string | false> {
  const url = testPgUrl(env);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return false;
  } catch (error) {
    const reason = `PostgreSQL at ${url} is unreachable (${(error as Error).message})`;
    if (underCi(env)) throw new Error(`${reason}; CI requires it`, { cause: error });
    return `${reason}: PostgreSQL tests skipped (set ORCH_TEST_PG_URL or start the server)`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}
