/**
 * The EMT (IMMUTABLE, dm-verity) steps on sparse 40 GiB file disks: a raw.zst image streamed, the
 * EMF layout made, then what sgdisk, veritysetup, e2fsck, debugfs, blkid and fsck.vfat say.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { PARTITION_TYPES, writeGptTable } from '../../src/image/index.js';
import {
  blkid,
  e2fsck,
  ext4File,
  readFatPartition,
  sgdiskCheck,
  sgdiskList,
  tool,
  veritysetupVerify,
} from './support/disk-oracles.js';
import {
  GIB,
  runStep,
  runSteps,
  serveImages,
  sparseDisk,
  stepContext,
  tempDir,
  type ImageEnv,
} from './support/step-kit.js';
import { testPlan } from './support/test-plan.js';

const MIB = 1024 * 1024;
let env: ImageEnv;
let tmp: Awaited<ReturnType<typeof tempDir>>;

before(async () => {
  tmp = await tempDir('agent-emt-');
  env = await serveImages([{ variant: 'emt', encoding: 'raw.zst' }]);
});
after(async () => {
  await env.close();
  await tmp.dispose();
});

test('emt raw.zst on 40 GiB: the EMF layout, a verity tree veritysetup accepts, roothash, swap, seed', async () => {
  const disk = await sparseDisk(`${tmp.dir}/emt.img`, 40 * GIB);
  const plan = testPlan({ family: 'emt', image: env.images['emt.raw.zst']!, lvmSizeGiB: 2 });
  const { ctx } = stepContext(disk, plan);
  const outcomes = await runSteps(ctx, plan);
  for (const [kind, outcome] of outcomes)
    assert.ok(outcome.ok, `${kind}: ${outcome.ok ? '' : outcome.error.message}`);
  const layout = outcomes.get('emt-layout');
  const rootHash = /root hash ([0-9a-f]{64})/.exec(layout?.ok ? (layout.detail ?? '') : '')![1]!;
  const parts = await sgdiskCheck(disk.path);
  const by = (n: number) => parts.find((p) => p.number === n)!;
  assert.deepEqual(
    parts.map((p) => [p.number, p.name]),
    [
      [1, 'esp'],
      [2, 'rootfs'],
      [3, 'edge_persistent'],
      [4, 'hashmap_a'],
      [5, 'hashmap_b'],
      [6, 'rootfs_b'],
      [7, 'roothash'],
      [8, 'swap'],
      [9, 'reserved'],
      [10, 'lvm'],
      [11, 'CIDATA'],
    ],
  );
  assert.equal(by(2).size, 4096 * MIB);
  assert.equal(by(4).size, 100 * MIB);
  assert.equal(by(5).size, 100 * MIB);
  assert.equal(by(6).size, 4096 * MIB);
  assert.equal(by(7).size, 50 * MIB);
  assert.equal(by(8).size, 2048 * MIB, 'swap: sqrt(4 GiB of RAM) = 2 GiB');
  assert.equal(by(9).size, 3072 * MIB, 'reserved: 3072 MiB on a disk of 110 GiB or less');
  assert.equal(by(10).size, 2 * GIB);
  assert.equal(by(8).code, '8200');
  assert.ok(by(3).offset > by(10).offset, 'edge_persistent takes the rest after the fixed partitions');
  assert.equal((await ext4File(disk.path, by(7), '/part_a_roothash')).trim(), rootHash);
  await veritysetupVerify(disk.path, by(2), by(4), rootHash);
  assert.match(await e2fsck(disk.path, by(2)), /rootfs/);
  assert.match(await e2fsck(disk.path, by(7)), /roothash/);
  assert.match(await e2fsck(disk.path, by(6)), /root_b/);
  assert.match(
    await e2fsck(disk.path, by(3)),
    /persistent/,
    'the persistent filesystem moved with its partition',
  );
  // ...and was grown to fill it (resize2fs), which e2fsck above found clean.
  const persistentFs = await tool('dumpe2fs', ['-h', `${disk.path}?offset=${by(3).offset}`]);
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)$`, 'm').exec(persistentFs)![1]);
  assert.equal(
    field('Block count') * field('Block size'),
    by(3).size,
    'edge_persistent filesystem fills its partition',
  );
  assert.match(
    layout?.ok ? (layout.detail ?? '') : '',
    /edge_persistent \d+ MiB, its filesystem grown from \d+ MiB/,
  );
  assert.equal((await blkid(disk.path, by(8))).TYPE, 'swap');
  assert.equal((await blkid(disk.path, by(7))).LABEL, 'roothash');
  const seed = await readFatPartition(disk.path, by(11), ['meta-data']);
  assert.match(seed['meta-data']!.toString(), /instance-id: host-1a2b3c4d\nlocal-hostname: host-1a2b3c4d/);
  // A rerun after the table was written (a killed agent) keeps the table; new salt, new root hash.
  const again = await runStep(
    ctx,
    plan.steps.find((s) => s.kind === 'emt-layout')!,
  );
  assert.ok(again.ok);
  const second = /root hash ([0-9a-f]{64})/.exec(again.detail ?? '')![1]!;
  assert.notEqual(second, rootHash);
  assert.equal((await ext4File(disk.path, by(7), '/part_a_roothash')).trim(), second);
  assert.deepEqual(await sgdiskList(disk.path), parts);
});

test('a root filesystem larger than 4096 MiB is refused with ROOTFS_TOO_LARGE, the table untouched', async () => {
  const disk = await sparseDisk(`${tmp.dir}/large.img`, 40 * GIB);
  const sectors = (mib: number): bigint => BigInt(mib * 2048);
  const entry = (number: number, name: string, type: string, first: number, mib: number) => ({
    number,
    name,
    typeGuid: type,
    uniqueGuid: randomUUID(),
    firstLba: sectors(first),
    lastLba: sectors(first + mib) - 1n,
    attributes: 0n,
  });
  const gpt = writeGptTable({
    diskSize: disk.size,
    diskGuid: randomUUID(),
    entries: [
      entry(1, 'esp', PARTITION_TYPES.esp.guid, 1, 4),
      entry(2, 'rootfs', PARTITION_TYPES.linuxFilesystem.guid, 5, 4200),
      entry(3, 'edge_persistent', PARTITION_TYPES.linuxFilesystem.guid, 4205, 4),
    ],
  });
  const handle = await open(disk.path, 'r+');
  await handle.write(gpt.primary, 0, gpt.primary.length, 0);
  await handle.write(gpt.backup, 0, gpt.backup.length, gpt.backupOffset);
  await handle.close();
  await tool('mke2fs', [
    '-q',
    '-F',
    '-t',
    'ext4',
    '-L',
    'rootfs',
    '-E',
    `offset=${5 * MIB}`,
    disk.path,
    '4200M',
  ]);
  const before = await sgdiskList(disk.path);
  const plan = testPlan({ family: 'emt', image: env.images['emt.raw.zst']! });
  const { ctx } = stepContext(disk, plan);
  const outcome = await runStep(
    ctx,
    plan.steps.find((s) => s.kind === 'emt-layout')!,
  );
  assert.equal(!outcome.ok && outcome.error.code, 'ROOTFS_TOO_LARGE');
  assert.match(!outcome.ok ? outcome.error.message : '', /4200 MiB.*4096 MiB/);
  assert.deepEqual(await sgdiskList(disk.path), before);
});

test('a disk under 32 GiB is refused before the image is written', async () => {
  const disk = await sparseDisk(`${tmp.dir}/small.img`, 31 * GIB);
  const plan = testPlan({ family: 'emt', image: env.images['emt.raw.zst']! });
  const { ctx } = stepContext(disk, plan);
  const outcomes = await runSteps(ctx, plan);
  const stream = outcomes.get('stream-image')!;
  assert.equal(!stream.ok && stream.error.code, 'DISK_TOO_SMALL');
  assert.match(!stream.ok ? stream.error.message : '', /at least 32 GiB.*31\.0 GiB/);
  const head = Buffer.alloc(MIB);
  const handle = await open(disk.path, 'r');
  await handle.read(head, 0, MIB, 0);
  await handle.close();
  assert.ok(head.equals(Buffer.alloc(MIB)), 'nothing written to the disk');
});
