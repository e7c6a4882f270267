/**
 * The store layer's public surface: open a store, migrate it, and the interface the server uses.
 * @module
 */
export { openStore } from './open-store.js';
export type { OpenStoreOptions } from './open-store.js';
export { migrateToLatest } from './migrations/migrate-to-latest.js';
export type { Migratable } from './migrations/migrate-to-latest.js';
export { KyselyStore } from './kysely-store.js';
export { parseStoreUrl } from './store-url.js';
export type { StoreLocation } from './store-url.js';
export type {
  ApiToken,
  DefaultProfileSeed,
  ListQuery,
  OsProfileRepository,
  Page,
  Project,
  ProjectRepository,
  ProjectRole,
  Store,
  TokenRepository,
  ClaimRequest,
  ClaimResult,
  Job,
  JobLease,
  JobOutcome,
  JobRepository,
  NewJob,
  DryRunSlot,
  DryRunSlotRepository,
  DryRunSlotRequest,
  DryRunSlotTake,
  StoreNotifications,
  StoreTransaction,
} from './store.js';
export type { Database } from './schema/database.js';
