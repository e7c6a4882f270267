import type { KyselyStore } from '../../src/store/kysely-store.js';

/** Options for opening a store in a test. */
export interface HarnessOpenOptions {
  readonly now?: () => Date;
  /** The clock leases are judged on; default the database's. */
  readonly leaseClock?: () => Date;
  /** Skip migrateToLatest (to test migrations themselves). Default false. */
  readonly unmigrated?: boolean;
}

/**
 * One database for one run of the contract suite (a temp SQLite file, or a fresh PostgreSQL
 * schema). Every `open` reaches the same data, so reopening tests persistence.
 */
export interface StoreHarness {
  open(options?: HarnessOpenOptions): Promise<KyselyStore>;
  /**
   * Whether several stores (orchd replicas) may write this database at once: true for
   * PostgreSQL. A SQLite file belongs to one orchd process, whose single connection serialises
   * writes; two stores interleaving transactions in one process would block each other.
   */
  readonly replicas: boolean;
  /** Removes the database (file or schema). */
  dispose(): Promise<void>;
}

export type StoreHarnessFactory = () => Promise<StoreHarness>;
