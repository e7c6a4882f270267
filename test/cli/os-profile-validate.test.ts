import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { issueToken } from '../../src/server/auth/issue-token.js';
import type { ValidateImage } from '../../src/server/validation/validation-options.js';
import { openStore, type KyselyStore } from '../../src/store/index.js';
import { runOrchCli, type CliResult } from './support/cli-process.js';

/**
 * A validator that answers by profile name after reporting some progress: profiles whose
 * profileName contains `broken` fail their cloud-init check, the others pass.
 */
const validate: ValidateImage = async (input, options) => {
  options.onProgress?.({
    stage: 'downloading',
    bytesDownloaded: 1024 * 1024,
    bytesWritten: 0,
    total: 4 * 1024 * 1024,
    rate: 1,
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const broken = input.profileName.includes('broken');
  return {
    state: broken ? 'failed' : 'passed',
    checks: [
      { id: 'source.checksum', status: 'pass', message: 'sha256 matches the profile' },
      broken
        ? { id: 'ubuntu.cloud-init', status: 'fail', message: 'cloud-init is not installed' }
        : { id: 'ubuntu.cloud-init', status: 'pass', message: 'cloud-init is installed' },
    ],
    durationMs: 300,
  };
};

describe('orch-cli os-profile validate and create --wait', () => {
  let dir: string;
  let store: KyselyStore;
  let app: FastifyInstance;
  let env: Record<string, string>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orch-cli-validate-'));
    store = await openStore({ url: `sqlite:${join(dir, 'orch.db')}` });
    await store.migrateToLatest();
    await store.projects.create('default');
    app = await buildApp({
      store,
      config: { releaseServiceUrl: 'https://files-rs.example.test' },
      validation: { validate, scratchDir: join(dir, 'scratch'), pollMs: 50 },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const token = await issueToken(store.tokens, { name: 'cli', admin: true, roles: [], now: new Date() });
    env = {
      ORCH_CLI_CONFIG: join(dir, 'config.yaml'),
      ORCH_API_ENDPOINT: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
      ORCH_TOKEN: token.secret,
    };
  });
  after(async () => {
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const cli = (args: string[]): Promise<CliResult> => runOrchCli(args, { env });
  const createArgs = (name: string, profileName: string, version: string) => [
    'os-profile',
    'create',
    '--name',
    name,
    '--type',
    'MUTABLE',
    '--image-url',
    'https://images.example.test/jammy.img',
    '--checksum',
    'b9b65a7e045ca262ad614cbedeaa1bf34b9325d76f856e85e17b68984e7a4314',
    '--profile-name',
    profileName,
    '--os-version',
    version,
  ];

  test('create --wait prints the checks of a passing image and exits 0', async () => {
    const r = await cli([...createArgs('Good', 'ubuntu-good', '22.04.5'), '--wait']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /OS profile "Good" \(os-[0-9a-f]{8}\) created/);
    assert.match(r.stdout, /^CHECK\s+STATUS\s+MESSAGE$/m);
    assert.match(r.stdout, /^ubuntu\.cloud-init\s+PASS\s+cloud-init is installed$/m);
    assert.match(r.stdout, /validation passed\n$/);
  });

  test('validate of a broken image prints the failing check and exits 1', async () => {
    const created = await cli(createArgs('Broken', 'ubuntu-broken', '22.04.6'));
    assert.equal(created.code, 0, created.stderr);
    const r = await cli(['os-profile', 'validate', 'Broken']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^ubuntu\.cloud-init\s+FAIL\s+cloud-init is not installed$/m);
    assert.match(r.stdout, /validation failed\n$/);
    assert.match(r.stderr, /failed validation/);
    assert.match(r.stderr, /^downloading +\[#{8}-{22}\] +25% of 4\.0 MiB$/m);
  });

  test('validate -o json prints the validation as orchd returns it', async () => {
    const r = await cli(['os-profile', 'validate', 'Good', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const view = JSON.parse(r.stdout) as { state: string; report: { checks: unknown[] }; jobId: string };
    assert.equal(view.state, 'passed');
    assert.equal(view.report.checks.length, 2);
    assert.match(view.jobId, /^job-[0-9a-f]{16}$/);
  });

  test('validate of an unknown profile exits 1', async () => {
    const r = await cli(['os-profile', 'validate', 'nope']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not found/);
  });
});
