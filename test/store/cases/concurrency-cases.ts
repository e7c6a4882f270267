import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DefaultProfileSeed } from '../../../src/store/store.js';
import type { SuiteContext } from '../store-contract.js';
import { assertStoreError, newProfileId, newProjectName, profileFields } from '../profile-fixtures.js';

const SEEDS: DefaultProfileSeed[] = Array.from({ length: 7 }, (_, i) => ({
  key: `default-${i}`,
  fields: profileFields({
    name: `Seed ${i}`,
    profileName: `seed-${i}`,
    imageId: `${i}.0`,
    source: 'default',
  }),
}));

/**
 * Races through two stores on the same database (two replicas) where the engine allows replicas
 * (PostgreSQL: each store has its own pool, so the calls really overlap); otherwise through the
 * one store, whose calls overlap in the event loop.
 */
export function concurrencyCases(context: SuiteContext): void {
  test('concurrency: 10 simultaneous seedDefaults from two replicas insert each seed once', async () => {
    const [a, b] = await context.replicaPair();
    const project = newProjectName();
    await a.projects.create(project);
    const added = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a : b).profiles.seedDefaults(project, SEEDS, newProfileId),
      ),
    );
    assert.equal(
      added.reduce((sum, n) => sum + n, 0),
      SEEDS.length,
    );
    const page = await a.profiles.list(project, { pageSize: 100, offset: 0 });
    assert.equal(page.total, SEEDS.length);
    assert.deepEqual(page.items.map((p) => p.name).sort(), SEEDS.map((s) => s.fields.name).sort());
  });

  test('concurrency: 20 simultaneous creates of one name give 1 success and 19 AlreadyExists', async () => {
    const [a, b] = await context.replicaPair();
    const project = newProjectName();
    await a.projects.create(project);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).profiles.create(project, newProfileId(), profileFields({ imageId: `v${i}` })),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    assert.equal(won.length, 1);
    assert.equal(lost.length, 19);
    const winner = won[0]?.status === 'fulfilled' ? won[0].value : undefined;
    assert.ok(winner);
    for (const loss of lost) {
      const error = assertStoreError(loss.reason, 'AlreadyExists');
      assert.equal(error.message, `OS profile "Ubuntu 22.04.5 LTS" already exists (${winner.resourceId})`);
    }
  });
}
