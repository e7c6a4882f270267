import { sql, type Kysely, type Transaction } from 'kysely';
import type { StoreDialectAdapter } from './dialect/store-dialect-adapter.js';
import type { Database } from './schema/database.js';

/** What every repository receives: the database, its engine adapter and the clocks. */
export interface StoreContext {
  /** The database, or the caller's transaction when the repository runs inside `store.transaction`. */
  readonly db: Kysely<Database>;
  /**
   * The database outside any transaction: for reads that explain a refused write (the
   * transaction is aborted by then on PostgreSQL).
   */
  readonly root: Kysely<Database>;
  readonly adapter: StoreDialectAdapter;
  /** The clock for created/updated timestamps; tests pass a controllable one. */
  readonly now: () => Date;
  /**
   * The clock leases are judged on. Default (undefined): the database's clock, so replicas whose
   * clocks drift still agree when a lease has expired. Tests inject a controllable one.
   */
  readonly leaseClock?: () => Date;
}

/**
 * Runs one statement that may be refused (a unique or foreign key violation) so that, inside the
 * caller's transaction, the refusal does not end that transaction: PostgreSQL aborts a whole
 * transaction on a failed statement, so the statement runs under a savepoint that is rolled back
 * on failure. Outside a transaction it just runs. The reads explaining the refusal then work on `db`.
 */
export async function refusable<T>(db: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  if (!db.isTransaction) return work();
  await sql`savepoint refusable`.execute(db);
  try {
    const result = await work();
    await sql`release savepoint refusable`.execute(db);
    return result;
  } catch (error) {
    await sql`rollback to savepoint refusable`.execute(db);
    throw error;
  }
}

/** The context's current time as stored: ISO-8601 UTC with milliseconds. */
export function timestamp(context: StoreContext): string {
  return context.now().toISOString();
}

/** The time leases are judged on: the injected lease clock, else the database server's clock. */
export async function leaseNow(context: StoreContext, db: Kysely<Database> = context.db): Promise<Date> {
  if (context.leaseClock) return context.leaseClock();
  const row = await sql<{ now: string | Date }>`select ${sql.raw(context.adapter.clockSql)} as now`.execute(
    db,
  );
  const value = row.rows[0]?.now;
  return value instanceof Date ? value : new Date(String(value));
}

/**
 * Runs `work` in a transaction: the caller's when `db` is one already (the repository runs inside
 * `store.transaction`), else a new one.
 */
export function transact<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute((trx: Transaction<Database>) => work(trx));
}
