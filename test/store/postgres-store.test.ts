import { describe } from 'node:test';
import { openStore } from '../../src/store/open-store.js';
import { migrateToLatest } from '../../src/store/migrations/migrate-to-latest.js';
import { runStoreSuite } from './store-contract.js';
import { createPgTestSchema } from './pg-test-schema.js';

// The contract on PostgreSQL, in a schema of its own that is dropped afterwards. Unreachable
// PostgreSQL skips locally and fails under CI (createPgTestSchema throws there).
const schema = await createPgTestSchema('store');
if ('skip' in schema) {
  describe('store contract on PostgreSQL', { skip: schema.skip }, () => undefined);
} else {
  runStoreSuite('store contract on PostgreSQL', async () => ({
    open: async (options = {}) => {
      const store = await openStore({
        url: schema.url,
        schema: schema.schema,
        ...(options.now ? { now: options.now } : {}),
      });
      if (!options.unmigrated) await migrateToLatest(store);
      return store;
    },
    replicas: true,
    dispose: () => schema.drop(),
  }));
}
