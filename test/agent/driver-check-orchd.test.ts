/**
 * The driver check end to end: en-agent (a virtual node whose fake sysfs lists an e1000e NIC and
 * an NVMe controller) against the real orchd (SQLite, loopback) and a profile validated by the real
 * validator, whose image's only kernel has igc and a built-in nvme but no e1000e. The node fails
 * DRIVER_MISSING before the erase step, the host says why, and not one byte of its disk changed.
 * Then the operator accepts the gap on the host (metadata) and a reprovision goes through.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { provisionNode } from '../../src/agent/provision-node.js';
import type { PciDevice } from '../../src/core/workflow/index.js';
import { runInProcess } from '../cli/support/in-process-cli.js';
import { inProcessNodeOptions } from '../support/edge-node/en-agent-process.js';
import { COMPUTE as P, readHost, registerNodeWithInstance } from '../support/edge-node/orchd-for-nodes.js';
import { QEMU_E1000E, QEMU_NVME, writeFakeNet, writeFakePci } from '../support/sysfs/fake-sysfs.js';
import { useDriverCheckRig } from './support/driver-check-rig.js';
import { GIB } from './support/step-kit.js';

const rig = useDriverCheckRig('driver-check-orchd-');
const { api } = rig;

async function validatedProfile(): Promise<string> {
  const validation = await rig.validatedProfile('Ubuntu igc only');
  assert.deepEqual(
    validation.facts?.kernels?.map((k) => [k.version, k.source]),
    [['5.15.0-1-generic', 'modules.alias']],
  );
  return validation.profileId;
}

const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

test('a NIC without a driver in the image: DRIVER_MISSING before erase, disk untouched; accepted gap passes', async () => {
  const osId = await validatedProfile();
  const node = { uuid: '4c4c4544-0042-4a10-8052-00000000d001', serialNumber: 'SNDRIVER01' };
  const { hostId } = await registerNodeWithInstance(rig.orchd, node, osId);

  const sysRoot = await writeFakePci(join(rig.dir, 'sysfs'), [QEMU_E1000E, QEMU_NVME]);
  // The e1000e's net device, its link down (no cable): reported as the node's NIC.
  const nic = { name: 'enp0s3', mac: '52:54:00:12:34:03', mtu: 1500, operstate: 'down' };
  await writeFakeNet(sysRoot, nic, `devices/pci0000:00/${QEMU_E1000E.address}`);
  // A disk full of someone's data: every byte is compared after the failed run.
  const disk = join(rig.dir, 'node-disk.img');
  await writeFile(disk, randomBytes(64 * 1024 * 1024));
  const before = await sha256(disk);
  const options = { ...inProcessNodeOptions(rig.orchd.url, node), sysRoot };
  const failed = await provisionNode({ ...options, disk });
  assert.equal(failed.status, 'failed');
  assert.equal(failed.error?.code, 'DRIVER_MISSING');
  assert.equal(await sha256(disk), before, 'not one byte of the disk changed');

  const host = await readHost(rig.orchd, hostId);
  assert.deepEqual(
    host.hostPciDevices.map((d: PciDevice) => `${d.vendor}:${d.device} ${d.driver}`),
    ['8086:10d3 e1000e', '1b36:0010 nvme'],
  );
  assert.deepEqual(host.hostNics, [
    {
      deviceName: 'enp0s3',
      macAddr: '52:54:00:12:34:03',
      pciIdentifier: QEMU_E1000E.address,
      mtu: 1500,
      linkState: { type: 'NETWORK_INTERFACE_LINK_STATE_DOWN' },
    },
  ]);
  assert.equal(host.hostStatus, 'Error');
  const expected =
    "Ethernet controller 8086:10d3 at 0000:00:03.0 (bound to e1000e here) has no driver in the image's kernel 5.15.0-1-generic";
  assert.equal(
    host.instance.provisioningStatus,
    `Provisioning Failed: 2/8: Checking drivers for this hardware failed: ${expected}`,
  );
  const provisioning = host.instance.provisioning;
  assert.deepEqual(provisioning.error, {
    code: 'DRIVER_MISSING',
    message: expected,
    retryable: false,
    step: 'driver-check',
  });
  assert.deepEqual(
    provisioning.steps.slice(0, 3).map((s: { id: string; state: string }) => [s.id, s.state]),
    [
      ['secure-boot-check', 'succeeded'],
      ['driver-check', 'failed'],
      ['erase-disk', 'pending'],
    ],
  );

  // orchd answers the same from its stored facts, before any node is touched.
  const stored = (await api('GET', `${P}/hosts/${hostId}/driver-check`)).json;
  assert.deepEqual(
    [stored.state, stored.kernels, stored.missing],
    ['missing', ['5.15.0-1-generic'], [expected]],
  );
  assert.deepEqual(
    stored.devices.map((d: { ids: string; state: string; drivers: Record<string, string[]> }) => [
      d.ids,
      d.state,
      d.drivers['5.15.0-1-generic'],
    ]),
    [
      ['8086:10d3', 'missing', []],
      ['1b36:0010', 'covered', ['nvme (built-in)']],
    ],
  );
  const cli = await runInProcess({ url: rig.orchd.url, token: rig.orchd.token, dir: rig.dir }, [
    'host',
    'check-drivers',
    hostId,
  ]);
  assert.equal(cli.code, 1, cli.stderr);
  assert.match(cli.stdout, /against os-[0-9a-f]{8} \(kernel 5\.15\.0-1-generic\): missing\n/);
  assert.match(
    cli.stdout,
    /1b36:0010 +Non-Volatile memory controller +nvme +covered +5\.15\.0-1-generic: nvme \(built-in\)/,
  );
  assert.ok(cli.stdout.includes(`missing: ${expected}\n`), cli.stdout);
  assert.match(cli.stderr, /1 device\(s\) without a driver in the image/);
  // A second host with the same hardware (as its onboarding stored it): its instance is refused.
  const other = await api('POST', `${P}/hosts/register`, { serialNumber: 'SNDRIVER02', autoOnboard: true });
  await rig.orchd.store.hosts.update('default', other.json.resourceId, {
    pciDevices: [QEMU_E1000E, QEMU_NVME],
  });
  const refused = await api('POST', `${P}/instances`, { hostID: other.json.resourceId, osID: osId });
  assert.equal(refused.status, 422, JSON.stringify(refused.json));
  assert.equal(refused.json.code, 'DRIVER_MISSING');
  assert.equal(refused.json.message, expected);

  // The operator accepts the gap on the host; a reprovision runs through.
  const patched = await api('PATCH', `${P}/hosts/${hostId}`, {
    metadata: [{ key: 'accepted-driver-gaps', value: '8086-10d3' }],
  });
  assert.equal(patched.status, 200, JSON.stringify(patched.json));
  assert.equal((await api('POST', `${P}/hosts/${hostId}/reprovision`)).status, 200);
  const passed = await provisionNode({ ...options, disk: join(rig.dir, 'second.img'), diskSize: 4 * GIB });
  assert.equal(passed.status, 'succeeded', JSON.stringify(passed.error));
  const after = (await readHost(rig.orchd, hostId)).instance.provisioning;
  assert.equal((await api('GET', `${P}/hosts/${hostId}/driver-check`)).json.state, 'covered');
  const check = after.steps.find((s: { id: string }) => s.id === 'driver-check');
  assert.equal(check.state, 'succeeded');
  assert.equal(
    check.detail,
    `1 device(s) of classes 01, 02 have a driver in kernel 5.15.0-1-generic; accepted gaps: ${expected}: accepted (8086-10d3)`,
  );
});
