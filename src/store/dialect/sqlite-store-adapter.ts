import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import type { Dialect } from 'kysely';
import { StoreDialectAdapterBase, errorCode } from './store-dialect-adapter.js';
import type { DriverErrorKind } from './store-dialect-adapter.js';

/** How long a writer waits for another process's lock before SQLITE_BUSY (ms). */
const BUSY_TIMEOUT_MS = 5000;

/**
 * The embedded engine: one better-sqlite3 file (or `:memory:`) in WAL mode with foreign keys on.
 * The parent directory is created, so `./data/orch.db` works on a fresh checkout.
 */
export class SqliteStoreAdapter extends StoreDialectAdapterBase {
  readonly name = 'sqlite';
  readonly dialect: Dialect;
  readonly clockSql = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

  constructor(path: string) {
    super();
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const database = new Database(path);
    // WAL lets readers proceed while one writer commits; foreign keys are off by default in SQLite.
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    database.pragma('synchronous = NORMAL');
    this.dialect = new SqliteDialect({ database });
  }

  classifyError(error: unknown): DriverErrorKind | undefined {
    switch (errorCode(error)) {
      case 'SQLITE_CONSTRAINT_UNIQUE':
      case 'SQLITE_CONSTRAINT_PRIMARYKEY':
        return 'unique';
      case 'SQLITE_CONSTRAINT_FOREIGNKEY':
        return 'foreign-key';
      // ON DELETE RESTRICT is implemented as a trigger: SQLite reports it with this code.
      case 'SQLITE_CONSTRAINT_TRIGGER':
        return error instanceof Error && error.message.includes('FOREIGN KEY') ? 'foreign-key' : undefined;
      case 'SQLITE_BUSY':
      case 'SQLITE_LOCKED':
      case 'SQLITE_CANTOPEN':
      case 'SQLITE_IOERR':
        return 'unavailable';
      default:
        return undefined;
    }
  }
}
