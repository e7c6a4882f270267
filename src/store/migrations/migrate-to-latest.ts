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
  // The store's dialect introspects its own schema only, so other tenants' schemas coming and
  // going during the migrator's table checks cannot fail it (SchemaScopedIntrospector).
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName;
    // Without a failed migration the error came from reaching the database or its bookkeeping:
    // rethrown as is, so the store can classify an outage as Unavailable.
    if (failed === undefined) throw error;
    throw new OrchError('Internal', `database migration "${failed}" failed`, { cause: error });
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
