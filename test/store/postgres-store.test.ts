import { describe } from 'node:test';
import { openStore } from '../../src/store/open-store.js';
import { migrateToLatest } from '../../src/store/migrations/migrate-to-latest.js';
import { runStoreSuite } from './store-contract.js';
import { createTestSchema, pgTestGate } from '../support/pg-test-schema.js';

// The contract on PostgreSQL, in a schema of its own that is dropped afterwards. Unreachable
// PostgreSQL skips locally and fails under CI (pgTestGate throws there).
const skip = await pgTestGate();
if (skip) {
  describe('store contract on PostgreSQL', { skip }, () => undefined);
} else {
  runStoreSuite('store contract on PostgreSQL', async () => {
    const pg = await createTestSchema('test_store');
    return {
      open: async (options = {}) => {
        const store = await openStore({
          url: pg.url,
          schema: pg.schema,
          ...(options.now ? { now: options.now } : {}),
          ...(options.leaseClock ? { leaseClock: options.leaseClock } : {}),
        });
        if (!options.unmigrated) await migrateToLatest(store);
        return store;
      },
      replicas: true,
      dispose: () => pg.drop(),
    };
  });
}
