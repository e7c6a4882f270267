import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open-store.js';
import { migrateToLatest } from '../../src/store/migrations/migrate-to-latest.js';
import { runStoreSuite } from './store-contract.js';

// The contract on the embedded engine: one temp file (in a directory the store must create).
runStoreSuite('store contract on SQLite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'orch-store-'));
  const url = `sqlite:${join(dir, 'nested', 'orch.db')}`;
  return {
    open: async (options = {}) => {
      const store = await openStore({
        url,
        ...(options.now ? { now: options.now } : {}),
        ...(options.leaseClock ? { leaseClock: options.leaseClock } : {}),
      });
      if (!options.unmigrated) await migrateToLatest(store);
      return store;
    },
    replicas: false,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
});
