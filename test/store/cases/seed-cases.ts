import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DefaultProfileSeed } from '../../../src/store/store.js';
import type { SuiteContext } from '../store-contract.js';
import { expectStoreError, newProfileId, newProjectName, profileFields } from '../profile-fixtures.js';

/** Three seeds shaped like the defaults (each its own name and profileName+imageId). */
function seeds(count = 3): DefaultProfileSeed[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `seed-${i}`,
    fields: profileFields({
      name: `Default ${i}`,
      profileName: `default-${i}`,
      imageId: `1.${i}`,
      source: 'default',
    }),
  }));
}

export function seedCases(context: SuiteContext): void {
  test('seedDefaults: inserts every seed once, marked default; a second run adds nothing', async () => {
    const { projects, profiles } = context.store();
    const project = newProjectName();
    await projects.create(project);
    assert.equal(
      (await profiles.list(project, { pageSize: 100, offset: 0 })).total,
      0,
      'creating a project seeds nothing',
    );
    assert.equal(await profiles.seedDefaults(project, seeds(), newProfileId), 3);
    const page = await profiles.list(project, { pageSize: 100, offset: 0 });
    assert.deepEqual(
      page.items.map((p) => [p.name, p.source]),
      [
        ['Default 0', 'default'],
        ['Default 1', 'default'],
        ['Default 2', 'default'],
      ],
    );
    assert.equal(await profiles.seedDefaults(project, seeds(), newProfileId), 0);
    assert.equal((await profiles.list(project, { pageSize: 100, offset: 0 })).total, 3);
  });

  test('seedDefaults: a deleted default is not resurrected; a new seed key is added', async () => {
    const { projects, profiles } = context.store();
    const project = newProjectName();
    await projects.create(project);
    await profiles.seedDefaults(project, seeds(2), newProfileId);
    const deleted = await profiles.getByName(project, 'Default 1');
    assert.ok(deleted);
    await profiles.delete(project, deleted.resourceId);
    assert.equal(await profiles.seedDefaults(project, seeds(3), newProfileId), 1, 'only seed-2 is new');
    const names = (await profiles.list(project, { pageSize: 100, offset: 0 })).items.map((p) => p.name);
    assert.deepEqual(names, ['Default 0', 'Default 2']);
  });

  test('seedDefaults: a seed whose name a custom profile holds is skipped, not an error', async () => {
    const { projects, profiles } = context.store();
    const project = newProjectName();
    await projects.create(project);
    const custom = await profiles.create(project, newProfileId(), profileFields({ name: 'Default 0' }));
    assert.equal(await profiles.seedDefaults(project, seeds(2), newProfileId), 1);
    assert.equal((await profiles.getByName(project, 'Default 0'))?.resourceId, custom.resourceId);
    assert.equal(await profiles.seedDefaults(project, seeds(2), newProfileId), 0);
  });

  test('seedDefaults: a seed whose id is taken gets a fresh id instead of being skipped', async () => {
    const { projects, profiles } = context.store();
    const project = newProjectName();
    await projects.create(project);
    const custom = await profiles.create(
      project,
      newProfileId(),
      profileFields({ name: 'custom', imageId: '9' }),
    );
    // The id source hands out the custom profile's id first, as a collision would.
    const ids = [custom.resourceId, custom.resourceId];
    const newId = () => ids.shift() ?? newProfileId();
    assert.equal(await profiles.seedDefaults(project, seeds(2), newId), 2);
    const page = await profiles.list(project, { pageSize: 100, offset: 0 });
    assert.deepEqual(
      page.items.map((p) => p.name),
      ['Default 0', 'Default 1', 'custom'],
    );
    assert.equal(new Set(page.items.map((p) => p.resourceId)).size, 3);
  });

  test('seedDefaults: an unknown project is NotFound', async () => {
    const { profiles } = context.store();
    const error = await expectStoreError(
      () => profiles.seedDefaults('no-such-project', seeds(), newProfileId),
      'NotFound',
    );
    assert.equal(error.message, 'project "no-such-project" not found');
  });

  test('countBySource: counts per project and source', async () => {
    const { projects, profiles } = context.store();
    const project = newProjectName();
    await projects.create(project);
    await profiles.seedDefaults(project, seeds(2), newProfileId);
    await profiles.create(project, newProfileId(), profileFields());
    const counts = (await profiles.countBySource()).filter((c) => c.project === project);
    assert.deepEqual(counts, [
      { project, source: 'custom', count: 1 },
      { project, source: 'default', count: 2 },
    ]);
  });
}
