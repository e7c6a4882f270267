import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parse } from 'yaml';
import { serve, type RunningServer } from '../../../src/server/compose-orchd.js';
import { loadTestCertificates } from '../../support/tls/test-certificates.js';
import { printedToken } from '../support/orchd-process.js';
import { newNode } from './provisioning-fixture.js';

/** The part of a node's user-data these tests read. */
interface UserData {
  write_files: { path: string; content: string }[];
}

const dir = await mkdtemp(join(tmpdir(), 'orchd-public-'));
after(() => rm(dir, { recursive: true, force: true }));

/** `orchd serve` on loopback with these options; its admin token from the first-start banner. */
async function served(name: string, options: Partial<Parameters<typeof serve>[0]>) {
  let printed = '';
  const server = await serve({
    listen: '127.0.0.1:0',
    database: `sqlite:${join(dir, `${name}.db`)}`,
    releaseServiceUrl: 'https://files.example.test',
    scratchDir: join(dir, `${name}-scratch`),
    logger: pino({ level: 'silent' }),
    print: (text) => (printed += text),
    ...options,
  });
  return { server, token: printedToken(printed)! };
}

/** Registers a node with a default Ubuntu instance, onboards it, and returns its user-data. */
async function userDataOf(server: RunningServer, token: string): Promise<{ url: string; doc: UserData }> {
  const call = async (method: string, url: string, payload?: object, auth = `Bearer ${token}`) => {
    const res = await server.app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: auth },
      ...(payload ? { payload } : {}),
    });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const P = '/v1/projects/default/compute';
  const node = newNode();
  const host = await call('POST', `${P}/hosts/register`, { ...node, autoOnboard: true });
  const filter = encodeURIComponent('osType=MUTABLE AND securityFeature=NONE');
  const os = (await call('GET', `${P}/os?filter=${filter}`)).OperatingSystemResources[0];
  await call('POST', `${P}/instances`, { hostID: host.resourceId, osID: os.resourceId });
  const onboard = await server.app.inject({
    method: 'POST',
    url: '/v1/onboard',
    payload: { ...node, macs: ['52:54:00:00:00:01'] },
  });
  assert.equal(onboard.statusCode, 200, onboard.body);
  const workflow = await call('GET', '/v1/agent/workflow', undefined, `Bearer ${onboard.json().credential}`);
  const step = workflow.plan.steps.find((s: { kind: string }) => s.kind === 'write-cloud-init');
  const doc = parse(step.params.userData) as UserData;
  const agentConfig = parse(doc.write_files.find((w) => w.path === '/etc/edge-orch/agent.yaml')!.content);
  return { url: agentConfig.orchestratorUrl, doc };
}

const pemsIn = (doc: UserData): string =>
  doc.write_files
    .filter((w) => w.content.includes('BEGIN CERTIFICATE'))
    .map((w) => w.content)
    .join('');

describe('orchd serve writes its own URL and CA into plans', () => {
  test('HTTPS with --tls-ca: the URL it listens at (port 0 resolved) and exactly the CA file, no key', async () => {
    const certs = await loadTestCertificates();
    const { server, token } = await served('tls-ca', {
      tlsCertFile: certs.leaf.certPath,
      tlsKeyFile: certs.leaf.keyPath,
      tlsCaFile: certs.ca.certPath,
    });
    try {
      assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const { url, doc } = await userDataOf(server, token);
      assert.equal(url, server.url);
      assert.equal(pemsIn(doc).trim(), certs.ca.cert.trim());
      assert.doesNotMatch(JSON.stringify(doc), /PRIVATE KEY/);
      assert.doesNotMatch(JSON.stringify(doc), /orchd\.invalid/);
    } finally {
      await server.close();
    }
  });

  test('HTTPS without --tls-ca: the served certificate is the anchor; --public-url wins over the listen address', async () => {
    const certs = await loadTestCertificates();
    const { server, token } = await served('self-signed', {
      tlsCertFile: certs.selfSigned.certPath,
      tlsKeyFile: certs.selfSigned.keyPath,
      publicUrl: 'https://orchd.lab.example:8443/',
    });
    try {
      const { url, doc } = await userDataOf(server, token);
      assert.equal(url, 'https://orchd.lab.example:8443');
      assert.equal(pemsIn(doc).trim(), certs.selfSigned.cert.trim());
    } finally {
      await server.close();
    }
  });

  test('plain HTTP: the http URL, no CA file; a bad --public-url stops the start', async () => {
    const { server, token } = await served('plain', {});
    try {
      const { url, doc } = await userDataOf(server, token);
      assert.equal(url, server.url);
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(pemsIn(doc), '');
    } finally {
      await server.close();
    }
    await assert.rejects(
      served('bad-url', { publicUrl: 'ftp://x' }),
      /--public-url 'ftp:\/\/x' must be an http/,
    );
  });
});
