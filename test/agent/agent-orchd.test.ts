/**
 * en-agent against the real orchd (SQLite, listening on loopback): profiles validated by the real
 * validator over HTTPS, hosts registered, instances created, then the agent (HTTP transport)
 * provisions sparse file disks; the host's status is read back from orchd's API.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { provisionNode } from '../../src/agent/provision-node.js';
import { validateImage } from '../../src/image/index.js';
import { buildApp } from '../../src/server/app.js';
import { issueToken } from '../../src/server/auth/issue-token.js';
import { openStore } from '../../src/store/open-store.js';
import { TEST_RELEASE_SERVICE_URL } from '../server/support/test-server.js';
import { e2fsck, sgdiskCheck } from './support/disk-oracles.js';
import { GIB, osImageFixtures, serveImages, tempDir, type ImageEnv } from './support/step-kit.js';

const P = '/v1/projects/default/compute';
let env: ImageEnv;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let app: FastifyInstance;
let base: string;
let admin: string;

before(async () => {
  tmp = await tempDir('agent-orchd-');
  env = await serveImages([
    { variant: 'ubuntu', encoding: 'qcow2.gz', name: 'ubuntu-22.04.img' },
    { variant: 'emt', encoding: 'raw.zst' },
  ]);
  const store = await openStore({ url: `sqlite:${join(tmp.dir, 'orch.db')}` });
  await store.migrateToLatest();
  await store.projects.create('default');
  await mkdir(join(tmp.dir, 'scratch'));
  app = await buildApp({
    store,
    config: {
      releaseServiceUrl: TEST_RELEASE_SERVICE_URL,
      orchestratorUrl: () => 'https://orchd.test:8443',
      orchestratorCaPem: '',
    },
    validation: {
      validate: validateImage,
      scratchDir: join(tmp.dir, 'scratch'),
      leaseMs: 600,
      pollMs: 40,
      progressMs: 0,
    },
    provisioning: { sweepMs: 0, onboardRateLimit: { burst: 1000, perMinute: 6000 } },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  admin = (await issueToken(store.tokens, { name: 'admin', admin: true, roles: [], now: new Date() })).secret;
});
after(async () => {
  await app?.close();
  await env?.close();
  await tmp?.dispose();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of several shapes
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${admin}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const profiles = new Map<string, Promise<string>>();
/** The profile of `image` (created and validated once). */
const profile = (name: string, image: string, osType: string): Promise<string> => {
  if (!profiles.has(image)) profiles.set(image, createProfile(name, image, osType));
  return profiles.get(image)!;
};

async function createProfile(name: string, image: string, osType: string): Promise<string> {
  const keys = await osImageFixtures().keys();
  const created = await api('POST', `${P}/os`, {
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
  assert.equal(created.status, 200, JSON.stringify(created.json));
  const id = created.json.resourceId as string;
  for (let i = 0; i < 600; i++) {
    const state = (await api('GET', `${P}/os/${id}/validation`)).json.state;
    if (['passed', 'warned'].includes(state)) return id;
    assert.notEqual(state, 'failed');
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('validation did not end');
}

async function host(node: { uuid: string; serialNumber: string }, osId: string): Promise<string> {
  const registered = await api('POST', `${P}/hosts/register`, { ...node, autoOnboard: true });
  assert.equal(registered.status, 200, JSON.stringify(registered.json));
  const hostId = registered.json.resourceId as string;
  const inst = await api('POST', `${P}/instances`, {
    hostID: hostId,
    osID: osId,
    securityFeature: 'SECURITY_FEATURE_NONE',
  });
  assert.equal(inst.status, 200, JSON.stringify(inst.json));
  return hostId;
}

const nodeOptions = (name: string, node: { uuid: string; serialNumber: string }, size: number) => ({
  orchestratorUrl: base,
  disk: join(tmp.dir, `${name}.img`),
  diskSize: size,
  uuid: node.uuid,
  serial: node.serialNumber,
  log: () => undefined,
  imageSource: { backoff: { initialMs: 5, maxMs: 20 } },
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
    const h = (await api('GET', `${P}/hosts/${id}`)).json;
    assert.equal(h.instance.provisioningStatus, 'Provisioned', JSON.stringify(h.instance));
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
  const h = (await api('GET', `${P}/hosts/${id}`)).json;
  assert.match(JSON.stringify(h.instance), /SECURE_BOOT_MISMATCH|Secure Boot is on/);
});
