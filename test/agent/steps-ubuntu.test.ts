/**
 * The Ubuntu (MUTABLE) steps on a sparse file disk: a qcow2.gz image named `.img` streamed over
 * HTTPS, the root partition grown, the CIDATA seed written, the boot loader found; then what
 * sgdisk, e2fsck, fsck.vfat and mtools say about the disk.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cloudInitSeed } from '../../src/agent/steps/cloud-init-seed.js';
import { blkid, e2fsck, readFatPartition, sgdiskCheck, tool } from './support/disk-oracles.js';
import {
  GIB,
  osImageFixtures,
  runStep,
  runSteps,
  serveImages,
  sparseDisk,
  stepContext,
  tempDir,
  type ImageEnv,
} from './support/step-kit.js';
import { testPlan } from './support/test-plan.js';

let env: ImageEnv;
let tmp: Awaited<ReturnType<typeof tempDir>>;

before(async () => {
  tmp = await tempDir('agent-ubuntu-');
  env = await serveImages([
    { variant: 'ubuntu', encoding: 'qcow2.gz', name: 'ubuntu-22.04.img' },
    { variant: 'ubuntu', encoding: 'raw' },
  ]);
});
after(async () => {
  await env.close();
  await tmp.dispose();
});

test('ubuntu qcow2.gz (named .img): streamed, root grown, seed written, loader found; the tools agree', async () => {
  const disk = await sparseDisk(`${tmp.dir}/node.img`, 8 * GIB);
  const plan = testPlan({ family: 'ubuntu', image: env.images['ubuntu-22.04.img']! });
  const { ctx, progress } = stepContext(disk, plan);
  const outcomes = await runSteps(ctx, plan);
  for (const [kind, outcome] of outcomes)
    assert.ok(outcome.ok, `${kind}: ${outcome.ok ? '' : outcome.error.message}`);
  assert.equal(outcomes.size, plan.steps.length);
  assert.ok(
    progress.some((p) => p.bytesTotal !== undefined && p.bytesDone === p.bytesTotal),
    'progress reaches bytes of total',
  );
  const parts = await sgdiskCheck(disk.path);
  const root = parts.find((p) => p.number === 1)!;
  const seed = parts.find((p) => p.name === 'CIDATA')!;
  assert.equal(seed.offset + seed.size <= disk.size - 16 * 1024, true);
  assert.ok(root.size > 7.9 * GIB, `root grown to ${root.size}`);
  assert.ok(seed.offset >= root.offset + root.size, 'CIDATA after the root partition');
  assert.match(await e2fsck(disk.path, root), /cloudimg-rootfs/);
  const files = await readFatPartition(disk.path, seed, ['meta-data', 'user-data', 'network-config']);
  const step = plan.steps.find((s) => s.kind === 'write-cloud-init')!;
  for (const file of cloudInitSeed(step.params as never))
    assert.deepEqual(new Uint8Array(files[file.name]!), file.data, file.name);
  assert.match(files['network-config']!.toString(), /macaddress: 52:54:00:12:34:56/);
  assert.match(files['meta-data']!.toString(), /local-hostname: host-1a2b3c4d/);
  assert.equal((await blkid(disk.path, seed)).LABEL, 'CIDATA');
  // The ESP and root keep their partition GUIDs, and the disk its GUID.
  const raw = (await osImageFixtures().image('ubuntu', 'raw')).path;
  for (const n of ['1', '15'])
    assert.equal(
      guidOf(await tool('sgdisk', ['-i', n, disk.path])),
      guidOf(await tool('sgdisk', ['-i', n, raw])),
    );
  assert.equal(
    diskGuidOf(await tool('sgdisk', ['-p', disk.path])),
    diskGuidOf(await tool('sgdisk', ['-p', raw])),
  );
});

test('a rerun of grow-root and write-cloud-init leaves the same table (idempotent)', async () => {
  const disk = await sparseDisk(`${tmp.dir}/rerun.img`, 4 * GIB);
  const plan = testPlan({ family: 'ubuntu', image: env.images['ubuntu.raw']! });
  const { ctx } = stepContext(disk, plan);
  await runSteps(ctx, plan);
  const before = await sgdiskCheck(disk.path);
  for (const kind of ['grow-root', 'write-cloud-init'] as const) {
    const outcome = await runStep(
      ctx,
      plan.steps.find((s) => s.kind === kind)!,
    );
    assert.ok(outcome.ok, kind);
  }
  assert.deepEqual(await sgdiskCheck(disk.path), before);
});

const guidOf = (info: string): string => /Partition unique GUID: (\S+)/.exec(info)![1]!;
const diskGuidOf = (print: string): string => /Disk identifier \(GUID\): (\S+)/.exec(print)![1]!;
