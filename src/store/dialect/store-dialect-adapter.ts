import type { Dialect, IsolationLevel, Kysely } from 'kysely';
import type { Database } from '../schema/database.js';
import type { StoreNotifications } from '../notifications/store-notifications.js';

/** What a driver error means to the store, whatever the engine's own error codes. */
/**
 * `unstorable-text`: a value holds a character the engine cannot store or compare (PostgreSQL
 * refuses NUL in text); SQLite has none.
 */
export const DRIVER_ERROR_KINDS = ['unique', 'foreign-key', 'unavailable', 'unstorable-text'] as const;
export type DriverErrorKind = (typeof DRIVER_ERROR_KINDS)[number];

/**
 * Everything the store needs to know about an engine, so repositories never branch on the
 * dialect name: the Kysely dialect, how to read its errors, and its optional capabilities.
 */
export interface StoreDialectAdapter {
  /** Engine name; also the dialect handed to the filter compiler. */
  readonly name: 'sqlite' | 'postgres';
  /**
   * Schema that holds every table and the migration bookkeeping. Undefined for engines without
   * schemas (SQLite). Default is undefined.
   */
  readonly schema: string | undefined;
  /** The Kysely dialect over the opened driver. */
  readonly dialect: Dialect;
  /**
   * Isolation level under which every statement of a transaction reads one snapshot (so a page
   * and its total agree). Undefined where every transaction already does (SQLite). Default undefined.
   */
  readonly snapshotIsolation: IsolationLevel | undefined;
  /**
   * Whether `SELECT … FOR UPDATE SKIP LOCKED` exists, so that replicas claiming queued work skip
   * rows another transaction holds. False where one writer runs at a time anyway (SQLite).
   * Default false.
   */
  readonly skipLocked: boolean;
  /** SQL expression of the database server's current time as ISO-8601 UTC text with milliseconds. */
  readonly clockSql: string;
  /** Classifies a driver error; undefined when it is none of the known kinds. */
  classifyError(error: unknown): DriverErrorKind | undefined;
  /**
   * Makes transactions that call it with the same `key` run one after another, until `trx` ends
   * (a count and the insert it allows, taken by replicas at once). Does nothing where one writer
   * runs at a time anyway (SQLite). Default does nothing.
   */
  serialise(trx: Kysely<Database>, key: string): Promise<void>;
  /** Runs once after opening, before any query (e.g. create the schema). Default does nothing. */
  prepare(): Promise<void>;
  /**
   * Messages between replicas sharing this database, or undefined where one process owns it
   * (SQLite). Default undefined.
   */
  createNotifications(db: Kysely<Database>): StoreNotifications | undefined;
}

/** Defaults for the optional capabilities, so adding one does not break an adapter. */
export abstract class StoreDialectAdapterBase implements StoreDialectAdapter {
  abstract readonly name: 'sqlite' | 'postgres';
  abstract readonly dialect: Dialect;
  readonly schema: string | undefined = undefined;
  readonly snapshotIsolation: IsolationLevel | undefined = undefined;
  readonly skipLocked: boolean = false;
  abstract readonly clockSql: string;
  abstract classifyError(error: unknown): DriverErrorKind | undefined;
  serialise(_trx: Kysely<Database>, _key: string): Promise<void> {
    return Promise.resolve();
  }
  prepare(): Promise<void> {
    return Promise.resolve();
  }
  createNotifications(_db: Kysely<Database>): StoreNotifications | undefined {
    return undefined;
  }
}

/** The `code` property drivers put on their errors (SQLite `SQLITE_*`, PostgreSQL SQLSTATE, Node `E*`). */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error as { code: unknown };
  return typeof code === 'string' ? code : undefined;
}
