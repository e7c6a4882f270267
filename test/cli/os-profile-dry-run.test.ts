import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { validateImage } from '../../src/image/validate/index.js';
import { buildApp } from '../../src/server/app.js';
import { issueToken } from '../../src/server/auth/issue-token.js';
import { openStore, type KyselyStore } from '../../src/store/index.js';
import { createOsImageFixtures, type OsImageFixtures } from '../fixtures/os-images/os-image-fixtures.js';
import { startImageServer, type ImageServer } from '../support/https-server/image-server.js';
import { loadTestCertificates } from '../support/tls/test-certificates.js';
import { runOrchCli, type CliResult } from './support/cli-process.js';

// The real validateImage behind orchd: a small Ubuntu-like image with a signed loader, served
// over HTTPS with a certificate only the given CA trusts, validated without creating a profile.
describe('orch-cli os-profile validate --image-url (dry run)', () => {
  let dir: string;
  let fixtures: OsImageFixtures;
  let images: ImageServer;
  let store: KyselyStore;
  let app: FastifyInstance;
  let env: Record<string, string>;
  let args: string[];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orch-cli-dry-run-'));
    fixtures = createOsImageFixtures();
    const tls = await loadTestCertificates();
    const image = await fixtures.image('ubuntu');
    const keys = await fixtures.keys();
    images = await startImageServer({
      tls: { cert: tls.leaf.cert, key: tls.leaf.key },
      files: { '/ubuntu-22.04.5.raw': { file: image.path } },
    });
    store = await openStore({ url: `sqlite:${join(dir, 'orch.db')}` });
    await store.migrateToLatest();
    await store.projects.create('default');
    await mkdir(join(dir, 'scratch'));
    app = await buildApp({
      store,
      config: { releaseServiceUrl: 'https://files-rs.example.test' },
      validation: { validate: validateImage, scratchDir: join(dir, 'scratch'), pollMs: 50 },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const token = await issueToken(store.tokens, { name: 'cli', admin: true, roles: [], now: new Date() });
    env = {
      ORCH_CLI_CONFIG: join(dir, 'config.yaml'),
      ORCH_API_ENDPOINT: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
      ORCH_TOKEN: token.secret,
    };
    await writeFile(join(dir, 'ca.pem'), tls.ca.cert);
    await writeFile(join(dir, 'db.pem'), keys.ca.cert);
    args = [
      'os-profile',
      'validate',
      '--image-url',
      images.url('/ubuntu-22.04.5.raw'),
      '--checksum',
      image.sha256,
      '--type',
      'MUTABLE',
      '--profile-name',
      'ubuntu-22.04-lts-generic',
      '--os-version',
      '22.04.5',
      '--security-feature',
      'SB_FDE',
      '--tls-cert-file',
      join(dir, 'ca.pem'),
      '--secure-boot-cert-file',
      join(dir, 'db.pem'),
    ];
  });
  after(async () => {
    await app?.close();
    await store?.close();
    await images?.close();
    fixtures?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  const cli = (extra: string[]): Promise<CliResult> => runOrchCli([...args, ...extra], { env });

  test('validates the image over HTTPS, prints the checks, creates nothing', async () => {
    const table = await cli([]);
    assert.equal(table.code, 0, table.stderr + table.stdout);
    assert.match(table.stdout, /^CHECK +STATUS +MESSAGE$/m);
    assert.match(table.stdout, /^source\.reachable +PASS /m);
    assert.match(table.stdout, /^secureboot\.signed +PASS /m);
    assert.match(table.stdout, /image: validation (passed|warned)\n$/);
    assert.match(table.stderr, /dry run, nothing is created/);
    const json = await cli(['-o', 'json']);
    assert.equal(json.code, 0, json.stderr);
    assert.ok(['passed', 'warned'].includes((JSON.parse(json.stdout) as { state: string }).state));
    const list = await runOrchCli(['os-profile', 'list', '-o', 'json'], { env });
    const names = (JSON.parse(list.stdout) as { name: string }[]).map((p) => p.name);
    assert.ok(!names.includes('dry run'), 'no profile created');
  });

  test('a wrong checksum fails the image (exit 1); a bad flag is refused before any request', async () => {
    const withChecksum = args.map((a, i) => (args[i - 1] === '--checksum' ? 'ab'.repeat(32) : a));
    const wrong = await runOrchCli([...withChecksum, '-o', 'json'], { env });
    assert.equal(wrong.code, 1, wrong.stderr);
    assert.equal((JSON.parse(wrong.stdout) as { state: string }).state, 'failed');
    const both = await runOrchCli(['os-profile', 'validate', 'x', '--image-url', 'https://x/y.img'], { env });
    assert.equal(both.code, 2, both.stderr);
    const http = await runOrchCli(
      args.map((a, i) => (args[i - 1] === '--image-url' ? 'http://127.0.0.1/y.img' : a)),
      { env },
    );
    assert.equal(http.code, 1, http.stderr);
    assert.match(http.stderr, /imageUrl/);
  });
});

// The same real validator behind a profile's validation job: `create --wait` and `validate`
// follow the validation event stream to the verdict (no polling).
describe('orch-cli os-profile create --wait and validate with the real validator', () => {
  let dir: string;
  let fixtures: OsImageFixtures;
  let images: ImageServer;
  let store: KyselyStore;
  let app: FastifyInstance;
  let env: Record<string, string>;
  let createArgs: string[];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orch-cli-real-validate-'));
    fixtures = createOsImageFixtures();
    const tls = await loadTestCertificates();
    const image = await fixtures.image('ubuntu');
    images = await startImageServer({
      tls: { cert: tls.leaf.cert, key: tls.leaf.key },
      files: { '/ubuntu-22.04.5.raw': { file: image.path } },
    });
    store = await openStore({ url: `sqlite:${join(dir, 'orch.db')}` });
    await store.migrateToLatest();
    await store.projects.create('default');
    await mkdir(join(dir, 'scratch'));
    app = await buildApp({
      store,
      config: { releaseServiceUrl: 'https://files-rs.example.test' },
      validation: { validate: validateImage, scratchDir: join(dir, 'scratch'), pollMs: 50 },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const token = await issueToken(store.tokens, { name: 'cli', admin: true, roles: [], now: new Date() });
    env = {
      ORCH_CLI_CONFIG: join(dir, 'config.yaml'),
      ORCH_API_ENDPOINT: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
      ORCH_TOKEN: token.secret,
    };
    await writeFile(join(dir, 'ca.pem'), tls.ca.cert);
    createArgs = [
      'os-profile', 'create', '--name', 'Ubuntu real', '--type', 'MUTABLE',
      '--image-url', images.url('/ubuntu-22.04.5.raw'), '--checksum', image.sha256,
      '--profile-name', 'ubuntu-22.04-lts-generic', '--os-version', '22.04.5',
      '--tls-cert-file', join(dir, 'ca.pem'),
    ]; // prettier-ignore
  });
  after(async () => {
    await app?.close();
    await store?.close();
    await images?.close();
    fixtures?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  test('create --wait follows the stream to the verdict; validate again does too; progress lines on stderr', async () => {
    const created = await runOrchCli([...createArgs, '--wait'], { env });
    assert.equal(created.code, 0, created.stderr + created.stdout);
    assert.match(created.stdout, /^OS profile "Ubuntu real" \(os-[0-9a-f]{8}\) created$/m);
    assert.match(created.stdout, /^source\.reachable +PASS /m);
    assert.match(created.stdout, /validation (passed|warned)\n$/);
    assert.match(
      created.stderr,
      /^(pending|running|(connecting|downloading|writing|verifying|committing|done|inspecting|checking) .*)$/m,
    );
    const again = await runOrchCli(['os-profile', 'validate', 'Ubuntu real', '-o', 'json'], { env });
    assert.equal(again.code, 0, again.stderr);
    const view = JSON.parse(again.stdout) as {
      state: string;
      createdAt: string;
      report: { checks: unknown[] };
    };
    assert.ok(['passed', 'warned'].includes(view.state));
    assert.match(view.createdAt, /^\d{4}-\d\d-\d\dT/);
    assert.ok(view.report.checks.length > 5);
  });
});
