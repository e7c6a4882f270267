/**
 * The agent against a fake orchd (src/agent/transport/fake-transport.ts) over real HTTPS images and
 * sparse file disks: onboarding that waits politely, events in order and coalesced, a failure with
 * its reason, a kill mid-stream and a restart that resumes where orchd says, step retries.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { provisionNode } from '../../src/agent/provision-node.js';
import type { AgentClock } from '../../src/agent/run/agent-clock.js';
import { FakeTransport } from '../../src/agent/transport/fake-transport.js';
import { open } from 'node:fs/promises';
import { sgdiskCheck, e2fsck, tool } from './support/disk-oracles.js';
import { GIB, serveImages, tempDir, type ImageEnv } from './support/step-kit.js';
import { testPlan } from './support/test-plan.js';

let env: ImageEnv;
let tmp: Awaited<ReturnType<typeof tempDir>>;

before(async () => {
  tmp = await tempDir('agent-run-');
  env = await serveImages([
    { variant: 'ubuntu', encoding: 'raw.zst' },
    { variant: 'ubuntu', encoding: 'raw', name: 'slow.raw', faults: { bytesPerSecond: 4 * 1024 * 1024 } },
    { variant: 'ubuntu', encoding: 'qcow2-v3', name: 'busy.qcow2', faults: { status: 503, statusTimes: 20 } },
    {
      variant: 'ubuntu',
      encoding: 'qcow2.gz',
      name: 'flaky.img',
      faults: { dropAt: [1000, 5000, 12_000] },
    },
  ]);
});
after(async () => {
  await env.close();
  await tmp.dispose();
});

/** A clock whose sleeps return at once and are recorded. */
function fakeClock(): AgentClock & { waits: number[] } {
  const waits: number[] = [];
  return { waits, now: () => performance.now(), sleep: (ms) => (waits.push(ms), Promise.resolve()) };
}

const node = (name: string) => ({
  orchestratorUrl: 'https://orchd.test',
  disk: `${tmp.dir}/${name}.img`,
  diskSize: 4 * GIB,
  uuid: '4c4c4544-0042-4a10-8052-b4c04f4e3332',
  serial: 'SN-TEST-1',
  log: () => undefined,
  imageSource: { backoff: { initialMs: 5, maxMs: 20 } },
  minProgressMs: 50,
});

test('a whole Ubuntu workflow: waits for approval, reports every step in order, ends Provisioned', async () => {
  const fake = new FakeTransport({
    plan: testPlan({ family: 'ubuntu', image: env.images['ubuntu.raw.zst']! }),
    awaitApproval: 2,
    unreachable: 1,
  });
  const clock = fakeClock();
  const result = await provisionNode({ ...node('whole'), transport: fake, clock });
  assert.equal(result.status, 'succeeded', JSON.stringify(result.error));
  assert.equal(fake.state, 'succeeded');
  assert.deepEqual(
    clock.waits.slice(0, 3),
    [1000, 1000, 1000],
    'backoff after the outage, then Retry-After twice',
  );
  assert.deepEqual(
    fake.events.map((e) => e.seq),
    fake.events.map((_, i) => i + 1),
  );
  const states = fake.events.filter((e) => e.state !== 'progress').map((e) => `${e.step}:${e.state}`);
  assert.deepEqual(
    states,
    fake.plan.steps.flatMap((s) => [`${s.kind}:running`, `${s.kind}:succeeded`]),
  );
  const progress = fake.events.filter((e) => e.state === 'progress' && e.step === 'stream-image');
  assert.ok(progress.length >= 1 && progress.every((e) => typeof e.bytesDone === 'number'));
  const parts = await sgdiskCheck(result.disk.path);
  assert.match(
    await e2fsck(
      result.disk.path,
      parts.find((p) => p.number === 1)!,
    ),
    /cloudimg-rootfs/,
  );
});

test('Secure Boot on against a NONE profile fails at step 1 with the reason orchd records', async () => {
  const fake = new FakeTransport({
    plan: testPlan({ family: 'ubuntu', image: env.images['ubuntu.raw.zst']! }),
  });
  const result = await provisionNode({
    ...node('sb'),
    transport: fake,
    clock: fakeClock(),
    secureBoot: true,
  });
  assert.equal(result.status, 'failed');
  assert.equal(result.error?.code, 'SECURE_BOOT_MISMATCH');
  assert.equal(fake.failure?.code, 'SECURE_BOOT_MISMATCH');
  assert.match(fake.failure?.message ?? '', /Secure Boot is on .* expects it off/);
  assert.deepEqual(fake.stepStates.slice(0, 2), ['failed', 'pending']);
});

test('killed mid-stream and started again: resumes at the stream step, seq above lastSeq, a correct disk', async () => {
  const plan = testPlan({ family: 'ubuntu', image: env.images['slow.raw']! });
  const fake = new FakeTransport({ plan });
  const kill = new AbortController();
  const state = `${tmp.dir}/state`;
  const first = provisionNode({
    ...node('killed'),
    transport: fake,
    clock: fakeClock(),
    stateDir: state,
    signal: kill.signal,
    log: (line) => {
      if (/streaming/.test(line)) setTimeout(() => kill.abort(new Error('killed')), 300);
    },
  });
  await assert.rejects(first);
  assert.deepEqual(fake.stepStates.slice(0, 3), ['succeeded', 'succeeded', 'running']);
  const eventsBefore = fake.events.length;
  const second = await provisionNode({
    ...node('killed'),
    transport: fake,
    clock: fakeClock(),
    stateDir: state,
  });
  assert.equal(second.status, 'succeeded', JSON.stringify(second.error));
  assert.equal(fake.calls.filter((c) => c === 'onboard').length, 1, 'the saved credential was reused');
  const resumed = fake.events.slice(eventsBefore).filter((e) => e.state !== 'progress');
  assert.equal(resumed[0]?.step, 'stream-image');
  assert.deepEqual(
    fake.events.map((e) => e.seq),
    fake.events.map((_, i) => i + 1),
  );
  await sgdiskCheck(second.disk.path);
});

test('a retryable failure is retried within the budget (an image server answering 503 for a while)', async () => {
  const fake = new FakeTransport({ plan: testPlan({ family: 'ubuntu', image: env.images['busy.qcow2']! }) });
  const result = await provisionNode({ ...node('busy'), transport: fake, clock: fakeClock(), stepTries: 3 });
  assert.equal(result.status, 'succeeded', JSON.stringify(result.error));
  const retries = fake.events.filter(
    (e) => e.step === 'stream-image' && e.state === 'running' && /retry 2 of 3/.test(e.detail ?? ''),
  );
  assert.equal(retries.length, 1);
});

test('a flaky image server (connections cut mid-body) still ends Provisioned, the resumes logged', async () => {
  const fake = new FakeTransport({ plan: testPlan({ family: 'ubuntu', image: env.images['flaky.img']! }) });
  const logs: string[] = [];
  const result = await provisionNode({
    ...node('flaky'),
    transport: fake,
    clock: fakeClock(),
    log: (l) => logs.push(l),
  });
  assert.equal(result.status, 'succeeded', JSON.stringify(result.error));
  assert.ok(logs.filter((l) => /image source: (resume|restart)/.test(l)).length >= 1, logs.join('\n'));
  await sgdiskCheck(result.disk.path);
});

test('a checksum mismatch fails the workflow with its reason and leaves no valid partition table', async () => {
  const image = { ...env.images['ubuntu.raw.zst']!, sha256: 'ab'.repeat(32) };
  const fake = new FakeTransport({ plan: testPlan({ family: 'ubuntu', image }) });
  const result = await provisionNode({ ...node('mismatch'), transport: fake, clock: fakeClock() });
  assert.equal(result.status, 'failed');
  assert.equal(fake.failure?.code, 'CHECKSUM_MISMATCH');
  assert.match(fake.failure?.message ?? '', /abab/);
  await assert.rejects(
    tool('sgdisk', ['-v', result.disk.path]).then((out) => {
      if (/No problems found/.test(out) && !/Creating new GPT/.test(out)) throw new Error('a valid table');
      throw new Error(out);
    }),
  );
  const header = Buffer.alloc(8);
  const handle = await open(result.disk.path, 'r');
  await handle.read(header, 0, 8, 512);
  await handle.close();
  assert.notEqual(header.toString('latin1'), 'EFI PART');
});
