import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SuiteContext } from '../store-contract.js';
import { expectStoreError, newProjectName } from '../profile-fixtures.js';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function projectAndTokenCases(context: SuiteContext): void {
  test('projects: create, get, list; createdAt is ISO-8601 UTC text', async () => {
    const { projects } = context.store();
    const name = newProjectName();
    const created = await projects.create(name, 'edge sites');
    assert.equal(created.name, name);
    assert.equal(created.description, 'edge sites');
    assert.match(created.createdAt, ISO_UTC);
    assert.deepEqual(await projects.get(name), created);
    assert.deepEqual((await projects.create(`${name}-b`)).description, '');
    const listed = await projects.list();
    assert.deepEqual(
      listed.filter((p) => p.name.startsWith(name)).map((p) => p.name),
      [name, `${name}-b`],
    );
    assert.equal(await projects.get(`${name}-missing`), undefined);
  });

  test('projects: a taken name is AlreadyExists naming it', async () => {
    const { projects } = context.store();
    const name = newProjectName();
    await projects.create(name);
    const error = await expectStoreError(() => projects.create(name, 'again'), 'AlreadyExists');
    assert.equal(error.message, `project "${name}" already exists`);
  });

  test('tokens: found by secret hash with admin flag, roles and expiry round-tripped', async () => {
    const { tokens } = context.store();
    const id = newProjectName('tok');
    const roles = [
      { project: 'default', role: 'write' as const },
      { project: 'lab', role: 'read' as const },
    ];
    const created = await tokens.create({
      id,
      name: 'ci',
      admin: false,
      roles,
      expiresAt: '2027-01-01T00:00:00.000Z',
      secretHash: `hash-${id}`,
    });
    assert.match(created.createdAt, ISO_UTC);
    const found = await tokens.findBySecretHash(`hash-${id}`);
    assert.deepEqual(found, {
      id,
      name: 'ci',
      admin: false,
      roles,
      createdAt: created.createdAt,
      expiresAt: '2027-01-01T00:00:00.000Z',
    });
    assert.equal(Object.hasOwn(found ?? {}, 'secretHash'), false);
    const admin = await tokens.create({
      id: `${id}-a`,
      name: 'root',
      admin: true,
      roles: [],
      expiresAt: null,
      secretHash: `hash-${id}-a`,
    });
    assert.deepEqual(await tokens.findBySecretHash(`hash-${id}-a`), admin);
    assert.equal(admin.admin, true);
    assert.equal(admin.expiresAt, null);
    assert.equal(await tokens.findBySecretHash('no-such-hash'), undefined);
  });

  test('tokens: a reused secret hash or id is AlreadyExists', async () => {
    const { tokens } = context.store();
    const id = newProjectName('tok');
    await tokens.create({
      id,
      name: 'one',
      admin: false,
      roles: [],
      expiresAt: null,
      secretHash: `hash-${id}`,
    });
    await expectStoreError(
      () =>
        tokens.create({
          id: `${id}-2`,
          name: 'two',
          admin: false,
          roles: [],
          expiresAt: null,
          secretHash: `hash-${id}`,
        }),
      'AlreadyExists',
    );
    await expectStoreError(
      () =>
        tokens.create({
          id,
          name: 'three',
          admin: false,
          roles: [],
          expiresAt: null,
          secretHash: `hash-${id}-3`,
        }),
      'AlreadyExists',
    );
  });

  test('tokens: revoke hides the token from lookup and list; unknown id is false', async () => {
    const { tokens } = context.store();
    const id = newProjectName('tok');
    await tokens.create({
      id,
      name: 'temp',
      admin: false,
      roles: [],
      expiresAt: null,
      secretHash: `hash-${id}`,
    });
    assert.ok((await tokens.list()).some((t) => t.id === id));
    assert.equal(await tokens.revoke(id), true);
    assert.equal(await tokens.findBySecretHash(`hash-${id}`), undefined);
    assert.ok(!(await tokens.list()).some((t) => t.id === id));
    assert.equal(await tokens.revoke(id), true, 'revoking twice is idempotent');
    assert.equal(await tokens.revoke(`${id}-none`), false);
  });
}
