import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SuiteContext } from '../store-contract.js';
import {
  TestClock,
  expectStoreError,
  newProfileId,
  newProjectName,
  profileFields,
} from '../profile-fixtures.js';

export function profileCases(context: SuiteContext): void {
  test('profiles: create returns every field; get and getByName read it back', async () => {
    const { projects, profiles } = context.store();
    const project = newProjectName();
    await projects.create(project);
    const id = newProfileId();
    const fields = profileFields({
      metadata: { release: 'jammy', 'standalone-node': 'true' },
      tlsCaCert: 'PEM',
    });
    const created = await profiles.create(project, id, fields);
    assert.deepEqual(created, {
      secureBootCerts: '',
      secureBootDbx: '',
      secureBootMokCerts: '',
      sbatLevel: '',
      installedPackagesUrl: '',
      existingCvesUrl: '',
      fixedCvesUrl: '',
      repoUrl: '',
      profileVersion: '',
      ...fields,
      resourceId: id,
      validationState: 'pending',
      timestamps: created.timestamps,
    });
    assert.equal(created.timestamps.createdAt, created.timestamps.updatedAt);
    assert.deepEqual(await profiles.get(project, id), created);
    assert.deepEqual(await profiles.getByName(project, fields.name), created);
    assert.equal(await profiles.get(project, newProfileId()), undefined);
    assert.equal(await profiles.getByName(project, 'nope'), undefined);
  });

  test('profiles: the Secure Boot policy (db, dbx, MOK, SBAT level) is stored and updated', async () => {
    const { projects, profiles } = context.store();
    const project = newProjectName();
    await projects.create(project);
    const id = newProfileId();
    const policy = {
      secureBootCerts: 'DB PEM',
      secureBootDbx: `${'ab'.repeat(32)}\n`,
      sbatLevel: 'sbat,1,2024010900\n',
    };
    const created = await profiles.create(project, id, profileFields(policy));
    assert.deepEqual(
      [created.secureBootCerts, created.secureBootDbx, created.secureBootMokCerts, created.sbatLevel],
      ['DB PEM', `${'ab'.repeat(32)}\n`, '', 'sbat,1,2024010900\n'],
    );
    const updated = await profiles.update(project, id, { secureBootMokCerts: 'MOK PEM', sbatLevel: '' });
    assert.deepEqual(
      [updated.secureBootCerts, updated.secureBootDbx, updated.secureBootMokCerts, updated.sbatLevel],
      ['DB PEM', `${'ab'.repeat(32)}\n`, 'MOK PEM', ''],
    );
    assert.deepEqual(await profiles.get(project, id), updated);
  });

  test('profiles: a duplicate name is AlreadyExists naming the existing profile and id', async () => {
    const { projects, profiles } = context.store();
    const project = newProjectName();
    await projects.create(project);
    const first = await profiles.create(project, newProfileId(), profileFields());
    const error = await expectStoreError(
      () => profiles.create(project, newProfileId(), profileFields({ imageId: '22.04.6' })),
      'AlreadyExists',
    );
    assert.equal(error.message, `OS profile "Ubuntu 22.04.5 LTS" already exists (${first.resourceId})`);
    assert.equal(error.details?.['resourceId'], first.resourceId);
  });

  test('profiles: a duplicate profileName+imageId is AlreadyExists naming the existing profile', async () => {
    const { projects, profiles } = context.store();
    const project = newProjectName();
    await projects.create(project);
    const first = await profiles.create(project, newProfileId(), profileFields());
    const error = await expectStoreError(
      () => profiles.create(project, newProfileId(), profileFields({ name: 'Other name' })),
      'AlreadyExists',
    );
    assert.equal(
      error.message,
      `an OS profile with profileName "ubuntu-22.04-lts-generic" and imageId "22.04.5" already exists: "Ubuntu 22.04.5 LTS" (${first.resourceId})`,
    );
    // Same profileName with another version is a different profile.
    await profiles.create(project, newProfileId(), profileFields({ name: 'Other name', imageId: '22.04.6' }));
  });

  test('profiles: a taken resource id is retried with a fresh one; an unknown project is NotFound', async () => {
    const { projects, profiles } = context.store();
    const project = newProjectName();
    await projects.create(project);
    const id = newProfileId();
    const first = await profiles.create(project, id, profileFields());
    const urls = {
      installedPackagesUrl: 'https://rs.example.test/manifest.json',
      existingCvesUrl: 'cves/existing.json',
      fixedCvesUrl: 'cves/fixed.json',
      repoUrl: 'https://images.example.test/b.raw.gz',
      profileVersion: '0.2.0',
    };
    // The id collides: the store picks another os- id instead of failing the create.
    const second = await profiles.create(project, id, profileFields({ name: 'B', imageId: 'b', ...urls }));
    assert.equal(first.resourceId, id);
    assert.notEqual(second.resourceId, id);
    assert.match(second.resourceId, /^os-[0-9a-f]{8}$/);
    assert.deepEqual(await profiles.get(project, second.resourceId), second);
    assert.equal((await profiles.get(project, id))?.name, first.name);
    assert.deepEqual(
      Object.fromEntries(Object.keys(urls).map((k) => [k, second[k as keyof typeof urls]])),
      urls,
    );
    // A business-key duplicate under a taken id is still AlreadyExists naming the holder.
    const dup = await expectStoreError(() => profiles.create(project, id, profileFields()), 'AlreadyExists');
    assert.equal(dup.details?.['resourceId'], first.resourceId);
    const missing = await expectStoreError(
      () => profiles.create(`${project}-none`, newProfileId(), profileFields()),
      'NotFound',
    );
    assert.equal(missing.message, `project "${project}-none" not found`);
  });

  test('profiles: projects are isolated (same name twice; ids of another project are absent)', async () => {
    const { projects, profiles } = context.store();
    const [a, b] = [newProjectName(), newProjectName()];
    await projects.create(a);
    await projects.create(b);
    const inA = await profiles.create(a, newProfileId(), profileFields());
    const inB = await profiles.create(b, newProfileId(), profileFields());
    assert.notEqual(inA.resourceId, inB.resourceId);
    assert.equal(await profiles.get(b, inA.resourceId), undefined);
    assert.equal((await profiles.getByName(b, inA.name))?.resourceId, inB.resourceId);
    await expectStoreError(() => profiles.update(b, inA.resourceId, { description: 'x' }), 'NotFound');
    await expectStoreError(() => profiles.delete(b, inA.resourceId), 'NotFound');
    assert.ok(await profiles.get(a, inA.resourceId));
  });

  test('profiles: update changes only mutable fields and moves updatedAt', async () => {
    const clock = new TestClock();
    const store = await context.open({ now: clock.now });
    const project = newProjectName();
    await store.projects.create(project);
    const created = await store.profiles.create(project, newProfileId(), profileFields());
    clock.advance(1500);
    const changes = {
      description: 'rotated',
      metadata: { kernelVersion: '6.8' },
      architecture: 'arm64',
      tlsCaCert: 'NEW PEM',
    };
    const sneaky = { ...changes, name: 'renamed', sha256: 'b'.repeat(64) };
    const updated = await store.profiles.update(project, created.resourceId, sneaky);
    assert.deepEqual(updated, {
      ...created,
      ...changes,
      name: 'renamed',
      timestamps: { createdAt: created.timestamps.createdAt, updatedAt: '2026-11-25T19:00:01.500Z' },
    });
    assert.deepEqual(await store.profiles.get(project, created.resourceId), updated);
    // The clock standing still still moves updatedAt (by 1 ms), so every update is visible.
    const again = await store.profiles.update(project, created.resourceId, { description: 'again' });
    assert.equal(again.timestamps.updatedAt, '2026-11-25T19:00:01.501Z');
    assert.equal(again.metadata['kernelVersion'], '6.8');
    const missing = await expectStoreError(
      () => store.profiles.update(project, 'os-00000000', {}),
      'NotFound',
    );
    assert.equal(missing.message, `OS profile os-00000000 not found in project "${project}"`);
    // A rename onto a name another profile holds is AlreadyExists naming that profile.
    const other = await store.profiles.create(project, newProfileId(), profileFields({ imageId: '9' }));
    const taken = await expectStoreError(
      () => store.profiles.update(project, created.resourceId, { name: other.name }),
      'AlreadyExists',
    );
    assert.equal(taken.details?.['resourceId'], other.resourceId);
    assert.equal((await store.profiles.get(project, created.resourceId))?.name, 'renamed');
  });

  test('profiles: delete removes the profile; deleting again is NotFound', async () => {
    const { projects, profiles } = context.store();
    const project = newProjectName();
    await projects.create(project);
    const created = await profiles.create(project, newProfileId(), profileFields());
    await profiles.delete(project, created.resourceId);
    assert.equal(await profiles.get(project, created.resourceId), undefined);
    await expectStoreError(() => profiles.delete(project, created.resourceId), 'NotFound');
    // The name is free again.
    await profiles.create(project, newProfileId(), profileFields());
  });
}
