import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Default PostgreSQL of the test machine and of CI. */
export const DEFAULT_TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** A schema of its own for one test run, dropped by `drop`. */
export interface PgTestSchema {
  readonly url: string;
  readonly schema: string;
  drop(): Promise<void>;
}

/**
 * Creates a fresh schema `<prefix>_<pid>_<hex>` on ORCH_TEST_PG_URL (default
 * {@link DEFAULT_TEST_PG_URL}), so parallel runs never collide. Returns a skip reason when the
 * server is unreachable, except under CI, where it throws: a CI run must not pass by skipping.
 */
export async function createPgTestSchema(prefix: string): Promise<PgTestSchema | { skip: string }> {
  const url = process.env['ORCH_TEST_PG_URL'] ?? DEFAULT_TEST_PG_URL;
  const schema = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    const reason = `PostgreSQL at ${url} is unreachable (${(error as Error).message})`;
    if (process.env['CI'])
      throw new Error(`${reason}; under CI the PostgreSQL tests must run`, { cause: error });
    return { skip: reason };
  }
  try {
    await client.query(`CREATE SCHEMA "${schema}"`);
  } finally {
    await client.end();
  }
  return {
    url,
    schema,
    drop: async () => {
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      try {
        await dropper.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await dropper.end();
      }
    },
  };
}
