import { Migrator } from 'kysely';
import type { Kysely } from 'kysely';
import { OrchError } from '../../core/errors/index.js';
import type { Database } from '../schema/database.js';
import { storeMigrationProvider } from './store-migrations.js';

/** Something migrations can run on: a store built by openStore, or a bare Kysely instance. */
export interface Migratable {
  migrateToLatest(): Promise<readonly string[]>;
}

/**
 * Brings the schema to the latest migration and returns the names applied now ([] when already
 * current, so calling it on every start is cheap and idempotent). On PostgreSQL the migrator holds
 * an advisory lock, so replicas starting together apply each migration once.
 * `schema` places Kysely's bookkeeping tables; pass the store's schema (undefined on SQLite).
 */
export async function migrateToLatest(
  target: Migratable | Kysely<Database>,
  schema?: string,
): Promise<readonly string[]> {
  if ('migrateToLatest' in target) return target.migrateToLatest();
  return runMigrations(target, schema);
}

/**
 * @internal The Migrator run itself. A failing migration becomes Internal naming it (no SQL text);
 * any other failure is rethrown for the caller to classify.
 */
export async function runMigrations(
  db: Kysely<Database>,
  schema: string | undefined,
): Promise<readonly string[]> {
  const migrator = new Migrator({
    db,
    provider: storeMigrationProvider,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  let { error, results = [] } = await migrator.migrateToLatest();
  // Kysely looks for its bookkeeping tables by listing the tables of every schema; a schema dropped
  // by someone else during that scan fails it with 3F000 although nothing of ours is wrong. The
  // scan is read-only and nothing was applied, so a bounded retry is safe.
  for (let retry = 0; retry < FOREIGN_SCHEMA_RETRIES && isSchemaVanished(error, results); retry++) {
    ({ error, results = [] } = await migrator.migrateToLatest());
  }
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName;
    // Without a failed migration the error came from reaching the database or its bookkeeping:
    // rethrown as is, so the store can classify an outage as Unavailable.
    if (failed === undefined) throw error;
    throw new OrchError('Internal', `database migration "${failed}" failed`, { cause: error });
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

const FOREIGN_SCHEMA_RETRIES = 3;

/** PostgreSQL's invalid_schema_name before any migration ran: another schema vanished mid-scan. */
function isSchemaVanished(error: unknown, results: readonly { status: string }[]): boolean {
  return (
    error !== undefined &&
    results.every((result) => result.status === 'NotExecuted') &&
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === '3F000'
  );
}
