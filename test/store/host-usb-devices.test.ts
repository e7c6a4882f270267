/**
 * The hosts' USB devices (migration 0015, `usb_devices`) on both engines: a host stored before the
 * migration reads `[]`; a node's reported list is kept whole (interfaces, drivers, NICs, disks),
 * replaced by the next report, left alone by a change that does not name it, and survives reopening.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Migrator, sql } from 'kysely';
import { openStore } from '../../src/store/open-store.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { storeMigrationProvider } from '../../src/store/migrations/store-migrations.js';
import { createTestSchema, pgTestGate, type TestSchema } from '../support/pg-test-schema.js';
import { USB_AX88179, USB_RTL8153, USB_STICK } from '../support/sysfs/fake-sysfs.js';

const pgGate = await pgTestGate();

async function usbDevicesKept(store: KyselyStore, reopen: () => Promise<KyselyStore>, schema?: string) {
  const migrator = new Migrator({
    db: store.db,
    provider: storeMigrationProvider,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  assert.equal((await migrator.migrateTo('0013-profile-list-indexes')).error, undefined);
  await store.projects.create('p');
  // A host as stored before 0015 (no usb_devices column yet).
  await sql`insert into hosts (project, resource_id, name, serial_number, uuid, auto_onboard, enable_vpro,
      user_lvm_size, desired_state, current_state, created_at, updated_at)
    values ('p', 'host-00000001', 'old', 'SNOLD', '', 0, 0, 0, 'HOST_STATE_REGISTERED',
      'HOST_STATE_REGISTERED', '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')`.execute(store.db);
  const rest = await migrator.migrateToLatest();
  assert.equal(rest.error, undefined);
  assert.deepEqual(
    rest.results?.filter((r) => r.migrationName === '0015-host-usb-devices').map((r) => r.status),
    ['Success'],
  );
  const old = await store.hosts.get('p', 'host-00000001');
  assert.deepEqual([old?.usbDevices, old?.pciDevices], [[], []]);

  await store.hosts.update('p', 'host-00000001', { usbDevices: [USB_RTL8153, USB_AX88179] });
  assert.deepEqual((await store.hosts.get('p', 'host-00000001'))?.usbDevices, [USB_RTL8153, USB_AX88179]);
  await store.hosts.update('p', 'host-00000001', { name: 'renamed' });
  assert.deepEqual(
    (await store.hosts.get('p', 'host-00000001'))?.usbDevices,
    [USB_RTL8153, USB_AX88179],
    'a change that does not name the devices keeps them',
  );
  await store.hosts.update('p', 'host-00000001', { usbDevices: [USB_STICK] });
  await store.close();
  const second = await reopen();
  try {
    const host = await second.hosts.get('p', 'host-00000001');
    assert.deepEqual([host?.name, host?.usbDevices], ['renamed', [USB_STICK]]);
    assert.deepEqual(await second.migrateToLatest(), []);
  } finally {
    await second.close();
  }
}

describe('hosts keep their USB devices (migration 0015)', () => {
  test('SQLite', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'usb-devices-'));
    const url = `sqlite:${join(dir, 'orch.db')}`;
    try {
      await usbDevicesKept(await openStore({ url }), () => openStore({ url }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe('PostgreSQL', { skip: pgGate }, () => {
    let schema: TestSchema | undefined;
    after(() => schema?.drop());
    test('PostgreSQL', async () => {
      schema = await createTestSchema('test_mig0015');
      const url = schema.url;
      const name = schema.schema;
      await usbDevicesKept(
        await openStore({ url, schema: name }),
        () => openStore({ url, schema: name }),
        name,
      );
    });
  });
});
