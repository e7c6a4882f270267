import type { Kysely } from 'kysely';
import type { StoreDialectAdapter } from './dialect/store-dialect-adapter.js';
import type { Database } from './schema/database.js';

/** What every repository receives: the database, its engine adapter and the clock. */
export interface StoreContext {
  readonly db: Kysely<Database>;
  readonly adapter: StoreDialectAdapter;
  /** The clock for created/updated timestamps; tests pass a controllable one. */
  readonly now: () => Date;
}

/** The context's current time as stored: ISO-8601 UTC with milliseconds. */
export function timestamp(context: StoreContext): string {
  return context.now().toISOString();
}
