import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/store/schema/database.js';
import type { SuiteContext } from '../store-contract.js';
import { expectStoreError, newProfileId, newProjectName, profileFields } from '../profile-fixtures.js';

const NOW = '2026-11-25T19:00:00.000Z';

/** Inserts a host and an instance of `osId` on it, as the hosts issue will. */
async function insertInstance(
  db: Kysely<Database>,
  project: string,
  hostId: string,
  hostName: string,
  osId: string,
) {
  await db
    .insertInto('hosts')
    .values({
      project,
      resource_id: hostId,
      name: hostName,
      serial_number: '',
      uuid: '',
      created_at: NOW,
      updated_at: NOW,
    })
    .onConflict((c) => c.doNothing())
    .execute();
  await db
    .insertInto('instances')
    .values({
      project,
      resource_id: `inst-${hostId}-${osId}`,
      name: '',
      host_id: hostId,
      os_id: osId,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
}

export function guardCases(context: SuiteContext): void {
  test('delete guard: a profile used by instances is FailedPrecondition listing the hosts', async () => {
    const store = context.store();
    const project = newProjectName();
    await store.projects.create(project);
    const profile = await store.profiles.create(project, newProfileId(), profileFields());
    await insertInstance(store.db, project, 'host-bbbb', '', profile.resourceId);
    await insertInstance(store.db, project, 'host-aaaa', 'edge-1', profile.resourceId);
    const error = await expectStoreError(
      () => store.profiles.delete(project, profile.resourceId),
      'FailedPrecondition',
    );
    assert.equal(
      error.message,
      `OS profile "Ubuntu 22.04.5 LTS" (${profile.resourceId}) is used by 2 hosts: host-aaaa (edge-1), host-bbbb`,
    );
    assert.deepEqual(error.details, {
      hosts: [
        { resourceId: 'host-aaaa', name: 'edge-1' },
        { resourceId: 'host-bbbb', name: '' },
      ],
    });
    assert.ok(await store.profiles.get(project, profile.resourceId), 'the profile is still there');
    await store.db.deleteFrom('instances').where('project', '=', project).execute();
    await store.profiles.delete(project, profile.resourceId);
    assert.equal(await store.profiles.get(project, profile.resourceId), undefined);
  });

  test('delete guard: the database itself refuses to delete a profile in use (ON DELETE RESTRICT)', async () => {
    const store = context.store();
    const project = newProjectName();
    await store.projects.create(project);
    const profile = await store.profiles.create(project, newProfileId(), profileFields());
    await insertInstance(store.db, project, 'host-cccc', 'edge-3', profile.resourceId);
    await assert.rejects(
      store.db
        .deleteFrom('os_profiles')
        .where('project', '=', project)
        .where('resource_id', '=', profile.resourceId)
        .execute(),
      (error: unknown) => store.classifyError(error) === 'foreign-key',
    );
  });

  test('database constraints: duplicate rows and dangling references are refused below the repositories', async () => {
    const store = context.store();
    const project = newProjectName();
    await store.projects.create(project);
    const profile = await store.profiles.create(project, newProfileId(), profileFields());
    const row = await store.db
      .selectFrom('os_profiles')
      .selectAll()
      .where('resource_id', '=', profile.resourceId)
      .executeTakeFirstOrThrow();
    await assert.rejects(
      store.db
        .insertInto('os_profiles')
        .values({ ...row, resource_id: newProfileId(), image_id: 'other' })
        .execute(),
      (error: unknown) => store.classifyError(error) === 'unique',
      'UNIQUE(project, name)',
    );
    await assert.rejects(
      store.db
        .insertInto('os_profiles')
        .values({ ...row, resource_id: newProfileId(), name: 'other' })
        .execute(),
      (error: unknown) => store.classifyError(error) === 'unique',
      'UNIQUE(project, profile_name, image_id)',
    );
    await assert.rejects(
      insertInstance(store.db, project, 'host-dddd', '', 'os-ffffffff'),
      (error: unknown) => store.classifyError(error) === 'foreign-key',
      'instances.os_id references os_profiles',
    );
    await assert.rejects(
      store.db
        .insertInto('os_profiles')
        .values({ ...row, project: `${project}-none`, resource_id: newProfileId() })
        .execute(),
      (error: unknown) => store.classifyError(error) === 'foreign-key',
      'os_profiles.project references projects',
    );
  });
}
