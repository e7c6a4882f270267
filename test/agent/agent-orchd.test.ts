/**
 * en-agent against the real orchd (SQLite, listening on loopback): profiles validated by the real
 * validator over HTTPS, hosts registered, instances created, then the agent (HTTP transport)
 * provisions sparse file disks; the host's status is read back from orchd's API.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { provisionNode } from '../../src/agent/provision-node.js';
import { inProcessNodeOptions } from '../support/edge-node/en-agent-process.js';
import {
  createProfileAndWait,
  readHost,
  registerNodeWithInstance,
  startInProcessOrchd,
  type InProcessOrchd,
} from '../support/edge-node/orchd-for-nodes.js';
import { e2fsck, sgdiskCheck } from './support/disk-oracles.js';
import { GIB, osImageFixtures, serveImages, tempDir, type ImageEnv } from './support/step-kit.js';

let env: ImageEnv;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let orchd: InProcessOrchd;

before(async () => {
  tmp = await tempDir('agent-orchd-');
  env = await serveImages([
    { variant: 'ubuntu', encoding: 'qcow2.gz', name: 'ubuntu-22.04.img' },
    { variant: 'emt', encoding: 'raw.zst' },
  ]);
  orchd = await startInProcessOrchd(tmp.dir);
});
after(async () => {
  await orchd?.close();
  await env?.close();
  await tmp?.dispose();
});

const profiles = new Map<string, Promise<string>>();
/** The profile of `image` (created and validated once). */
const profile = (name: string, image: string, osType: 'MUTABLE' | 'IMMUTABLE'): Promise<string> => {
  if (!profiles.has(image)) profiles.set(image, createProfile(name, image, osType));
  return profiles.get(image)!;
};

async function createProfile(name: string, image: string, osType: 'MUTABLE' | 'IMMUTABLE'): Promise<string> {
  const keys = await osImageFixtures().keys();
  const validation = await createProfileAndWait(orchd, {
    name,
    profileName: osType === 'MUTABLE' ? 'ubuntu-22.04-lts-generic' : 'microvisor-custom',
    imageUrl: env.images[image]!.url,
    imageId: osType === 'MUTABLE' ? '22.04.5' : '3.0.20261101.0100',
    sha256: env.images[image]!.sha256,
    osType,
    securityFeature: 'NONE',
    tlsCaCert: env.caPem,
    secureBootCerts: keys.ca.cert,
  });
  assert.ok(['passed', 'warned'].includes(validation.state), JSON.stringify(validation));
  return validation.profileId;
}

const host = async (node: { uuid: string; serialNumber: string }, osId: string): Promise<string> =>
  (await registerNodeWithInstance(orchd, node, osId)).hostId;

const nodeOptions = (name: string, node: { uuid: string; serialNumber: string }, size: number) => ({
  ...inProcessNodeOptions(orchd.url, node),
  disk: join(tmp.dir, `${name}.img`),
  diskSize: size,
});

test('Ubuntu qcow2.gz and EMT raw.zst provisioned by en-agent through the real orchd', async () => {
  const ubuntuOs = await profile('Ubuntu e2e', 'ubuntu-22.04.img', 'MUTABLE');
  const emtOs = await profile('EMT e2e', 'emt.raw.zst', 'IMMUTABLE');
  const a = { uuid: '4c4c4544-0042-4a10-8052-000000000001', serialNumber: 'SNAGENT0001' };
  const b = { uuid: '4c4c4544-0042-4a10-8052-000000000002', serialNumber: 'SNAGENT0002' };
  const hostA = await host(a, ubuntuOs);
  const hostB = await host(b, emtOs);
  const [ra, rb] = await Promise.all([
    provisionNode(nodeOptions('ubuntu', a, 4 * GIB)),
    provisionNode(nodeOptions('emt', b, 40 * GIB)),
  ]);
  assert.equal(ra.status, 'succeeded', JSON.stringify(ra.error));
  assert.equal(rb.status, 'succeeded', JSON.stringify(rb.error));
  for (const id of [hostA, hostB]) {
    const h = await readHost(orchd, id);
    assert.equal(h.instance.provisioningStatus, 'Provisioned', JSON.stringify(h.instance));
    // No sysfs root: one NIC named after the MAC derived from the node's UUID.
    assert.deepEqual(
      h.hostNics.map((n: { deviceName: string; macAddr: string }) => [n.deviceName, n.macAddr.slice(0, 9)]),
      [['eth0', '52:54:00:']],
    );
    assert.equal(Object.keys(h.hostNics[0]).sort().join(), 'deviceName,macAddr,pciIdentifier');
  }
  const partsA = await sgdiskCheck(ra.disk.path);
  assert.match(
    await e2fsck(
      ra.disk.path,
      partsA.find((p) => p.number === 1)!,
    ),
    /cloudimg-rootfs/,
  );
  const partsB = await sgdiskCheck(rb.disk.path);
  assert.equal(partsB.find((p) => p.number === 4)?.name, 'hashmap_a');
  assert.equal(partsB.find((p) => p.name === 'CIDATA')?.code, '0700');
});

test('Secure Boot on against a NONE profile: the host status carries the reason', async () => {
  const os = await profile('Ubuntu e2e sb', 'ubuntu-22.04.img', 'MUTABLE');
  const n = { uuid: '4c4c4544-0042-4a10-8052-000000000003', serialNumber: 'SNAGENT0003' };
  const id = await host(n, os);
  const result = await provisionNode({ ...nodeOptions('sb', n, 4 * GIB), secureBoot: true });
  assert.equal(result.status, 'failed');
  const h = await readHost(orchd, id);
  assert.match(JSON.stringify(h.instance), /SECURE_BOOT_MISMATCH|Secure Boot is on/);
});
