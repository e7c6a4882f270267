/**
 * The driver check of USB NICs end to end: en-agent (a virtual node whose fake sysfs lists an NVMe
 * controller and two USB NICs, a Realtek RTL8153 bound to r8152 and an ASIX AX88179 bound to
 * ax88179_178a, each with its net device) against the real orchd (SQLite, loopback) and a profile
 * validated by the real validator, whose image's only kernel has r8152 (modules.alias, the line
 * Debian's depmod writes) and a built-in nvme but no ax88179_178a. The node fails DRIVER_MISSING
 * before the erase step naming the ASIX adapter, and not one byte of its disk changed; a node with
 * only the Realtek passes; the operator accepts the gap on the first host and a reprovision passes.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { provisionNode } from '../../src/agent/provision-node.js';
import type { PciDevice, UsbDevice } from '../../src/core/workflow/index.js';
import { runInProcess } from '../cli/support/in-process-cli.js';
import { inProcessNodeOptions } from '../support/edge-node/en-agent-process.js';
import { COMPUTE as P, registerNodeWithInstance } from '../support/edge-node/orchd-for-nodes.js';
import {
  fakeMac,
  QEMU_NVME as NVME,
  USB_AX88179,
  USB_RTL8153,
  writeFakePci,
  writeFakeUsb,
} from '../support/sysfs/fake-sysfs.js';
import { useDriverCheckRig } from './support/driver-check-rig.js';
import { GIB } from './support/step-kit.js';

const rig = useDriverCheckRig('driver-check-usb-orchd-');
const { api } = rig;

async function validatedProfile(): Promise<string> {
  const validation = await rig.validatedProfile('Ubuntu r8152 only');
  return validation.profileId;
}

const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

async function nodeWith(tag: string, devices: { pci: PciDevice[]; usb: UsbDevice[] }, osId: string) {
  const node = { uuid: `4c4c4544-0042-4a10-8052-00000000${tag}`, serialNumber: `SNUSB${tag}` };
  const { hostId } = await registerNodeWithInstance(rig.orchd, node, osId);
  const sysRoot = join(rig.dir, `sysfs-${tag}`);
  await writeFakePci(sysRoot, devices.pci);
  await writeFakeUsb(sysRoot, devices.usb);
  return { hostId, options: { ...inProcessNodeOptions(rig.orchd.url, node), sysRoot } };
}

const KERNEL = '5.15.0-1-generic';
const ASIX_MISSING = `USB network adapter 0b95:1790 at 2-2:1.0 (bound to ax88179_178a here) has no driver in the image's kernel ${KERNEL}`;

test('a USB NIC without a driver in the image: DRIVER_MISSING before erase, disk untouched; covered passes; accepted gap passes', async () => {
  const osId = await validatedProfile();
  const facts = (await api('GET', `${P}/os/${osId}/validation`)).json.facts;
  assert.deepEqual(facts.kernels[0].buses, ['pci', 'usb']);

  // Node 1: NVMe, a Realtek and an ASIX USB NIC.
  const one = await nodeWith('e001', { pci: [NVME], usb: [USB_RTL8153, USB_AX88179] }, osId);
  const disk = join(rig.dir, 'node-disk.img');
  await writeFile(disk, randomBytes(64 * 1024 * 1024));
  const before = await sha256(disk);
  const failed = await provisionNode({ ...one.options, disk });
  assert.equal(failed.status, 'failed');
  assert.equal(failed.error?.code, 'DRIVER_MISSING');
  assert.equal(failed.error?.message, ASIX_MISSING);
  assert.equal(await sha256(disk), before, 'not one byte of the disk changed');

  const host = (await api('GET', `${P}/hosts/${one.hostId}`)).json;
  assert.deepEqual(host.hostUsbDevices, [USB_RTL8153, USB_AX88179], 'stored and shown as the node read them');
  // The virtual node's NICs are the sysfs root's USB NICs (not an `eth0` made up from a MAC).
  const usbNic = (name: string, usbIdentifier: string) => ({
    deviceName: name,
    macAddr: fakeMac(name),
    pciIdentifier: '',
    mtu: 1500,
    linkState: { type: 'NETWORK_INTERFACE_LINK_STATE_UP' },
    usbIdentifier,
  });
  assert.deepEqual(host.hostNics, [usbNic('enx000ec6810002', '2-2'), usbNic('enx00e04c680001', '2-1')]);
  assert.equal(
    host.instance.provisioningStatus,
    `Provisioning Failed: 2/8: Checking drivers for this hardware failed: ${ASIX_MISSING}`,
  );
  assert.deepEqual(
    host.instance.provisioning.steps.slice(1, 3).map((s: { id: string; state: string }) => [s.id, s.state]),
    [
      ['driver-check', 'failed'],
      ['erase-disk', 'pending'],
    ],
  );

  // orchd's answer from stored facts, the CLI's rendering of it and of the host.
  const stored = (await api('GET', `${P}/hosts/${one.hostId}/driver-check`)).json;
  assert.deepEqual([stored.state, stored.missing, stored.usbUnchecked], ['missing', [ASIX_MISSING], null]);
  assert.deepEqual(
    stored.devices.map(
      (d: {
        bus: string;
        address: string;
        ids: string;
        state: string;
        drivers: Record<string, string[]>;
      }) => [d.bus, d.address, d.ids, d.state, d.drivers[KERNEL]],
    ),
    [
      ['pci', '0000:00:04.0', '1b36:0010', 'covered', ['nvme (built-in)']],
      ['usb', '2-1:1.0', '0bda:8153', 'covered', ['r8152']],
      ['usb', '2-2:1.0', '0b95:1790', 'missing', []],
    ],
  );
  const cli = await runInProcess({ url: rig.orchd.url, token: rig.orchd.token, dir: rig.dir }, [
    'host',
    'check-drivers',
    one.hostId,
  ]);
  assert.equal(cli.code, 1, cli.stderr);
  assert.match(
    cli.stdout,
    /usb +2-1:1\.0 +0bda:8153 +USB network adapter +r8152 +covered +5\.15\.0-1-generic: r8152/,
  );
  assert.match(
    cli.stdout,
    /usb +2-2:1\.0 +0b95:1790 +USB network adapter +ax88179_178a +missing +5\.15\.0-1-generic: none/,
  );
  assert.ok(cli.stdout.includes(`missing: ${ASIX_MISSING}\n`), cli.stdout);
  const shown = await runInProcess({ url: rig.orchd.url, token: rig.orchd.token, dir: rig.dir }, [
    'get',
    'host',
    one.hostId,
  ]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /\nUSB devices: +2\n/);
  assert.match(
    shown.stdout,
    /\n {2}2-1:1\.0: +0bda:8153 USB network adapter \(enx00e04c680001\), driver r8152\n/,
  );
  assert.match(
    shown.stdout,
    /\n {2}2-2:1\.0: +0b95:1790 USB network adapter \(enx000ec6810002\), driver ax88179_178a\n/,
  );

  // Node 2: only the Realtek (and NVMe): every device is covered, it provisions.
  const two = await nodeWith('e002', { pci: [NVME], usb: [{ ...USB_RTL8153 }] }, osId);
  const passed = await provisionNode({ ...two.options, disk: join(rig.dir, 'two.img'), diskSize: 4 * GIB });
  assert.equal(passed.status, 'succeeded', JSON.stringify(passed.error));
  const check2 = (await api('GET', `${P}/hosts/${two.hostId}`)).json.instance.provisioning.steps.find(
    (s: { id: string }) => s.id === 'driver-check',
  );
  assert.equal(
    check2.detail,
    `1 device(s) of classes 01, 02 and 1 USB interface(s) have a driver in kernel ${KERNEL}`,
  );

  // Node 1 again, the gap accepted on the host by the driver bound here: it provisions.
  const patched = await api('PATCH', `${P}/hosts/${one.hostId}`, {
    metadata: [{ key: 'accepted-driver-gaps', value: 'ax88179_178a' }],
  });
  assert.equal(patched.status, 200, JSON.stringify(patched.json));
  const accepted = (await api('GET', `${P}/hosts/${one.hostId}/driver-check`)).json;
  assert.deepEqual(
    [accepted.state, accepted.devices.map((d: { state: string }) => d.state)],
    ['covered', ['covered', 'covered', 'accepted']],
  );
  assert.equal((await api('POST', `${P}/hosts/${one.hostId}/reprovision`)).status, 200);
  const again = await provisionNode({
    ...one.options,
    disk: join(rig.dir, 'one-again.img'),
    diskSize: 4 * GIB,
  });
  assert.equal(again.status, 'succeeded', JSON.stringify(again.error));
  const check1 = (await api('GET', `${P}/hosts/${one.hostId}`)).json.instance.provisioning.steps.find(
    (s: { id: string }) => s.id === 'driver-check',
  );
  assert.equal(
    check1.detail,
    `1 device(s) of classes 01, 02 and 1 USB interface(s) have a driver in kernel ${KERNEL}; accepted gaps: ${ASIX_MISSING}: accepted (ax88179_178a)`,
  );
});
