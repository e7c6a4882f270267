import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SuiteContext } from '../store-contract.js';
import { newProfileId, newProjectName, profileFields } from '../profile-fixtures.js';

export function persistenceCases(context: SuiteContext): void {
  test('persistence: projects, tokens, profiles and seed records survive close and reopen', async () => {
    const first = await context.open();
    const project = newProjectName();
    await first.projects.create(project, 'kept');
    const profile = await first.profiles.create(project, newProfileId(), profileFields());
    const token = await first.tokens.create({
      id: `tok-${project}`,
      name: 'kept',
      admin: true,
      roles: [{ project, role: 'read' }],
      expiresAt: null,
      secretHash: `hash-${project}`,
    });
    const seed = {
      key: 'kept-seed',
      fields: profileFields({ name: 'Seeded', imageId: 'seeded', source: 'default' as const }),
    };
    assert.equal(await first.profiles.seedDefaults(project, [seed], newProfileId), 1);
    await first.close();

    const second = await context.open();
    assert.equal((await second.projects.get(project))?.description, 'kept');
    assert.deepEqual(await second.profiles.get(project, profile.resourceId), profile);
    assert.deepEqual(await second.tokens.findBySecretHash(`hash-${project}`), token);
    assert.equal(
      await second.profiles.seedDefaults(project, [seed], newProfileId),
      0,
      'the seed record persisted',
    );
    assert.deepEqual(await second.migrateToLatest(), []);
  });
}
