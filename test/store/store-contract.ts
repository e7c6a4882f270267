import { after, before, describe } from 'node:test';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { migrateToLatest } from '../../src/store/migrations/migrate-to-latest.js';
import type { HarnessOpenOptions, StoreHarness, StoreHarnessFactory } from './store-harness.js';
import { projectAndTokenCases } from './cases/project-token-cases.js';
import { migrationCases } from './cases/migration-cases.js';
import { profileCases } from './cases/profile-cases.js';
import { guardCases } from './cases/guard-cases.js';
import { listCases } from './cases/list-cases.js';
import { seedCases } from './cases/seed-cases.js';
import { concurrencyCases } from './cases/concurrency-cases.js';
import { persistenceCases } from './cases/persistence-cases.js';
import { dryRunSlotCases } from './cases/dry-run-slot-cases.js';

/** What each group of cases receives: a migrated store shared by the group, and the harness. */
export interface SuiteContext {
  /** The store opened for the whole suite (migrated, system clock). */
  store(): KyselyStore;
  /** What the suite's first migrateToLatest applied on the fresh database. */
  firstMigration(): readonly string[];
  /** Two stores to race: the suite store and a second replica where the engine allows, else the suite store twice. */
  replicaPair(): Promise<[KyselyStore, KyselyStore]>;
  /** Opens another store on the same database; the suite closes it at the end. */
  open(options?: HarnessOpenOptions): Promise<KyselyStore>;
}

/**
 * The store contract: every behaviour of src/store/store.ts, run once per engine. Each engine's
 * test file calls this with a factory for its database.
 */
export function runStoreSuite(name: string, factory: StoreHarnessFactory): void {
  describe(name, () => {
    let harness: StoreHarness | undefined;
    let shared: KyselyStore | undefined;
    const opened: KyselyStore[] = [];
    let applied: readonly string[] = [];
    const context: SuiteContext = {
      store: () => {
        if (!shared) throw new Error('the suite store is not open');
        return shared;
      },
      firstMigration: () => applied,
      replicaPair: async () => {
        const first = context.store();
        return [first, harness?.replicas ? await context.open() : first];
      },
      open: async (options) => {
        if (!harness) throw new Error('the harness is not ready');
        const store = await harness.open(options);
        opened.push(store);
        return store;
      },
    };

    before(async () => {
      harness = await factory();
      shared = await context.open({ unmigrated: true });
      applied = await migrateToLatest(shared);
    });
    after(async () => {
      await Promise.allSettled(opened.map((store) => store.close()));
      await harness?.dispose();
    });

    migrationCases(context);
    projectAndTokenCases(context);
    profileCases(context);
    listCases(context);
    guardCases(context);
    seedCases(context);
    concurrencyCases(context);
    persistenceCases(context);
    dryRunSlotCases(context);
  });
}
