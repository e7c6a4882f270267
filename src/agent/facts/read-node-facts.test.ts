/**
 * The /sys fact reader against a fake tree shaped like a real node's: SMBIOS identity, the
 * SecureBoot variable (attributes + value byte), physical and virtual NICs, RAM, a TPM, PCI
 * functions with and without a driver, fixed, removable and virtual disks; then the same reader
 * on an empty tree (a container, a BIOS boot) and the disk choice it feeds.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { chooseDisk } from './choose-disk.js';
import { readNodeFacts } from './read-node-facts.js';

const SB_VAR = 'sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c';
let root: string;

async function put(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
}
async function link(path: string, target: string): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await symlink(target, join(root, path));
}

/** A node: UEFI with Secure Boot on, a TPM, two NICs (one virtual), three disks, two PCI functions. */
async function fakeNode(secureBootValue: number): Promise<void> {
  await put('sys/class/dmi/id/product_uuid', '4C4C4544-0042-4A10-8052-B4C04F4B4E32\n');
  await put('sys/class/dmi/id/product_serial', 'SN-FAKE-0042\n');
  // efivarfs: 4 attribute bytes (NV|BS|RT = 0x06 0 0 0) then the value.
  await put(SB_VAR, new Uint8Array([0x06, 0, 0, 0, secureBootValue]));
  await put('dev/tpmrm0', '');
  await put('proc/meminfo', 'MemTotal:       16318640 kB\nMemFree:         1234567 kB\n');
  // NICs: enp2s0 and eno1 are physical (device link); docker0 is virtual; lo has no MAC of use.
  await put('sys/class/net/enp2s0/address', '3C:EC:EF:12:34:56\n');
  await link('sys/class/net/enp2s0/device', '../../../devices/pci0000:00/0000:02:00.0');
  await put('sys/class/net/eno1/address', '3c:ec:ef:00:00:01\n');
  await link('sys/class/net/eno1/device', '../../../devices/platform/eno1');
  await put('sys/class/net/docker0/address', '02:42:ac:11:00:01\n');
  await put('sys/class/net/lo/address', '00:00:00:00:00:00\n');
  // Disks: sizes in 512-byte sectors whatever the logical block size.
  await put('sys/block/nvme0n1/size', `${(512 * 2 ** 30) / 512}\n`);
  await put('sys/block/nvme0n1/removable', '0\n');
  await put('sys/block/nvme0n1/device/model', 'Fake NVMe 512G   \n');
  await put('sys/block/sda/size', `${(2 * 2 ** 40) / 512}\n`);
  await put('sys/block/sda/removable', '1\n');
  await put('sys/block/sdb/size', `${(64 * 2 ** 30) / 512}\n`);
  await put('sys/block/sdb/removable', '0\n');
  await put('sys/block/loop0/size', '2048\n');
  await put('sys/block/dm-0/size', '999999999\n');
  await put('sys/block/sr0/size', '0\n');
  // PCI: a NIC bound to igc, a device without a driver.
  for (const [address, fields, driver] of [
    ['0000:02:00.0', { vendor: '0x8086', device: '0x125c', class: '0x020000' }, 'igc'],
    ['0000:00:1f.3', { vendor: '0x8086', device: '0x7a50', class: '0x040380' }, null],
  ] as const) {
    const dir = `sys/bus/pci/devices/${address}`;
    await put(`${dir}/vendor`, `${fields.vendor}\n`);
    await put(`${dir}/device`, `${fields.device}\n`);
    await put(`${dir}/subsystem_vendor`, '0x1028\n');
    await put(`${dir}/subsystem_device`, '0x0b1a\n');
    await put(`${dir}/class`, `${fields.class}\n`);
    if (driver) await link(`${dir}/driver`, `../../../bus/pci/drivers/${driver}`);
  }
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'node-facts-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

test('a UEFI node with Secure Boot on, a TPM, physical NICs, disks and PCI functions', async () => {
  await fakeNode(1);
  const facts = await readNodeFacts(root);
  assert.equal(facts.uuid, '4c4c4544-0042-4a10-8052-b4c04f4b4e32', 'UUID lower-cased');
  assert.equal(facts.serialNumber, 'SN-FAKE-0042');
  assert.equal(facts.uefi, true);
  assert.equal(facts.secureBoot, true);
  assert.equal(facts.tpm, true);
  assert.equal(facts.ramBytes, 16318640 * 1024);
  // Physical NICs only, sorted by name, MACs lower-cased; the PCI address when the link has one.
  assert.deepEqual(facts.inventory.nics, [
    { name: 'eno1', mac: '3c:ec:ef:00:00:01' },
    { name: 'enp2s0', mac: '3c:ec:ef:12:34:56', pciAddress: '0000:02:00.0' },
  ]);
  assert.deepEqual(facts.macs, ['3c:ec:ef:00:00:01', '3c:ec:ef:12:34:56']);
  // loop, dm- and sr0 (size 0) are not disks to provision.
  assert.deepEqual(
    [...facts.disks].sort((a, b) => a.name.localeCompare(b.name)),
    [
      { name: 'nvme0n1', sizeBytes: 512 * 2 ** 30, removable: false, model: 'Fake NVMe 512G' },
      { name: 'sda', sizeBytes: 2 * 2 ** 40, removable: true },
      { name: 'sdb', sizeBytes: 64 * 2 ** 30, removable: false },
    ],
  );
  assert.deepEqual(facts.inventory.pciDevices, [
    {
      address: '0000:00:1f.3',
      vendor: '8086',
      device: '7a50',
      subsystemVendor: '1028',
      subsystemDevice: '0b1a',
      class: '040380',
      driver: null,
    },
    {
      address: '0000:02:00.0',
      vendor: '8086',
      device: '125c',
      subsystemVendor: '1028',
      subsystemDevice: '0b1a',
      class: '020000',
      driver: 'igc',
    },
  ]);
  assert.equal(facts.inventory.secureBoot, true);
  assert.equal(facts.inventory.ramBytes, 16318640 * 1024);
  // The disk choice it feeds: the largest non-removable disk, the 2 TiB removable one passed over.
  const choice = chooseDisk(facts.disks);
  assert.equal(choice.path, '/dev/nvme0n1');
  assert.match(
    choice.reason,
    /^chose \/dev\/nvme0n1 \(512\.0 GiB, Fake NVMe 512G\): the largest non-removable disk/,
  );
  assert.match(choice.reason, /sda 2048\.0 GiB removable/);
});

test('Secure Boot off: the variable is there with value 0', async () => {
  await rm(join(root, SB_VAR));
  await put(SB_VAR, new Uint8Array([0x06, 0, 0, 0, 0]));
  const facts = await readNodeFacts(root);
  assert.equal(facts.secureBoot, false);
  assert.equal(facts.inventory.secureBoot, false);
});

test('an empty tree (no UEFI, no DMI, nothing): nulls and empty lists, never an error', async () => {
  const empty = await mkdtemp(join(tmpdir(), 'node-facts-empty-'));
  try {
    const facts = await readNodeFacts(empty);
    assert.equal(facts.uefi, false);
    assert.equal(facts.secureBoot, null, 'not booted through UEFI: unknown, not off');
    assert.equal(facts.tpm, false);
    assert.equal(facts.uuid, '');
    assert.equal(facts.serialNumber, '');
    assert.equal(facts.ramBytes, null);
    assert.deepEqual(facts.macs, []);
    assert.deepEqual(facts.disks, []);
    assert.deepEqual(facts.inventory.pciDevices, []);
    assert.throws(() => chooseDisk(facts.disks), /no non-removable disk to provision \(disks seen: none\)/);
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
});
