import { setTimeout as delay } from 'node:timers/promises';
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
  // by someone else during that scan fails it (3F000, or 42P01/42703 for its tables and columns)
  // although nothing of ours is wrong. The scan is read-only and nothing was applied, so a
  // bounded retry is safe.
  for (let retry = 1; retry <= FOREIGN_SCHEMA_RETRIES && isSchemaVanished(error, results); retry++) {
    await delay(retry * 10);
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

/** Up to ten more scans, 10 ms further apart each time (0.55 s in all at most). */
const FOREIGN_SCHEMA_RETRIES = 10;

/**
 * What PostgreSQL says when another tenant's schema, table or column vanishes mid-scan:
 * invalid_schema_name, undefined_table, undefined_column, undefined_object, and the internal
 * "cache lookup failed" of a relation dropped between two catalog reads.
 */
const VANISHED_CODES = new Set(['3F000', '42P01', '42703', '42704', 'XX000']);

/** A vanished-object error before any migration ran (a real fault fails again on every retry). */
function isSchemaVanished(error: unknown, results: readonly { status: string }[]): boolean {
  return (
    error !== undefined &&
    results.every((result) => result.status === 'NotExecuted') &&
    typeof error === 'object' &&
    error !== null &&
    VANISHED_CODES.has(String((error as { code?: unknown }).code))
  );
}
