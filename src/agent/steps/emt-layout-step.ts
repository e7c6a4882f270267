/**
 * Step 4 (EMT, IMMUTABLE): the dm-verity layout of emt-layout-plan.ts on the written image.
 * Order makes it safe to kill and rerun: everything is written into space the image's own table
 * does not use (the persistent partition's copy, the verity hash tree of rootfs A in `hashmap_a`,
 * `roothash` with `part_a_roothash`, `rootfs_b`, the swap signature), and the new GPT last. A
 * rerun after the GPT was written finds the layout and redoes only what does not move data.
 * The two ext4 filesystems are made with `mke2fs -d` (e2fsprogs, in every provisioning image).
 * @module
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { OrchError } from '../../core/errors/index.js';
import {
  decodeExt4Superblock,
  SUPERBLOCK_OFFSET,
  SUPERBLOCK_SIZE,
  swapHeader,
  VerityHashTreeBuilder,
  verityHashAreaBytes,
  writeGptTable,
  type GptPartitionInfo,
} from '../../image/index.js';
import { requireDiskGpt, writeDiskGpt } from '../disk/disk-gpt.js';
import { fileExtents, overlapsData } from '../disk/file-extents.js';
import { LUKS2_HEADER_ROOM } from './fde-plan.js';
import { filesystemOf, MIB, partitionNumber, SECTOR } from '../disk/disk-partitions.js';
import { withDisk, type NodeDisk } from '../disk/node-disk.js';
import { EMT_ROOTFS_MIB, planEmtLayout, type EmtPartitionPlan } from './emt-layout-plan.js';
import { intField, nullableNumber, paramsObject } from './step-params.js';
import { outcomeOf, type StepContext, type StepExecutor } from './step-executor.js';

const KIND = 'emt-layout';
/** The file in the `roothash` filesystem that holds rootfs A's root hash (hex). */
export const ROOTHASH_FILE = 'part_a_roothash';
const CHUNK = MIB;
const SIGNATURE_AREA = 128 * 1024;

export const emtLayoutStep: StepExecutor<'emt-layout'> = {
  kind: KIND,
  parse(params) {
    const p = paramsObject(KIND, params);
    return {
      espPartition: intField(KIND, p, 'espPartition', 1, 128),
      rootfsPartition: intField(KIND, p, 'rootfsPartition', 1, 128),
      persistentPartition: intField(KIND, p, 'persistentPartition', 1, 128),
      lvmSizeGiB: intField(KIND, p, 'lvmSizeGiB', 0, 1024 * 1024),
      ramGiB: nullableNumber(KIND, p, 'ramGiB', 0),
    };
  },
  run: (ctx, params, signal) =>
    outcomeOf(() =>
      withDisk(ctx.disk, async (disk) => {
        const gpt = await requireDiskGpt(disk);
        const relaid = gpt.partitions.some((p) => p.name === 'hashmap_a');
        const esp = partitionNumber(gpt, params.espPartition, 'ESP');
        const root = partitionNumber(gpt, params.rootfsPartition, 'rootfs A');
        const persistent = partitionNumber(gpt, params.persistentPartition, 'persistent');
        if (!relaid) checkImageLayout(gpt.partitions, [esp, root, persistent]);
        await checkRootfs(disk, root);
        const layout = planEmtLayout({ diskSize: disk.size, rootfsFirstLba: root.firstLba, ...params });
        const at = (n: number): EmtPartitionPlan => layout.partitions.find((p) => p.number === n)!;
        if (esp.lastLba >= root.firstLba) {
          throw new OrchError(
            'LAYOUT_UNEXPECTED',
            `the ESP (partition ${esp.number}) must lie before rootfs A (partition ${root.number})`,
          );
        }
        if (!relaid) await copyPartition(disk, persistent, at(params.persistentPartition), signal);
        ctx.log('computing the dm-verity hash tree of rootfs A');
        const tree = await hashRootfs(ctx, disk, at(params.rootfsPartition), signal);
        const hashmapA = at(4);
        await disk.write(tree.hashArea, offsetOf(hashmapA));
        for (const n of [5, 9, 10])
          if (layout.partitions.some((p) => p.number === n)) await disk.zero(offsetOf(at(n)), SIGNATURE_AREA);
        await disk.write(swapHeader(sizeOf(at(8)), randomUUID(), 'swap'), offsetOf(at(8)));
        await disk.sync();
        // With SB_FDE these partitions are encrypted in place next: their filesystems leave the
        // LUKS2 header's room free at the end.
        const room = ctx.plan.steps.some((s) => s.kind === 'encrypt-disk') ? LUKS2_HEADER_ROOM : 0;
        await mkfsExt4(ctx, at(7), 'roothash', { [ROOTHASH_FILE]: tree.rootHash }, room);
        await mkfsExt4(ctx, at(6), 'root_b', {}, room);
        // A rerun keeps what later steps added (the CIDATA seed); the first run has only ESP besides.
        const planned = new Set(layout.partitions.map((p) => p.number));
        const kept = gpt.partitions.filter((p) => !planned.has(p.number));
        const entries = [
          ...kept,
          ...layout.partitions.map((p) => {
            const old = gpt.partitions.find((o) => o.number === p.number);
            // rootfs A and the persistent partition keep their GUIDs (and rootfs A its name).
            const keep = old && (p.number === root.number || p.number === persistent.number);
            return {
              ...p,
              uniqueGuid: keep ? old.uniqueGuid : randomUUID(),
              attributes: 0n,
              name: p.number === root.number ? root.name : p.name,
            };
          }),
        ];
        await writeDiskGpt(
          disk,
          writeGptTable({ diskSize: disk.size, diskGuid: (gpt.primary ?? gpt.backup)!.diskGuid, entries }),
        );
        await disk.sync();
        const grown = await growPersistent(ctx, disk, at(params.persistentPartition), room);
        return `dm-verity root hash ${tree.rootHash}; rootfs A ${EMT_ROOTFS_MIB} MiB, swap ${layout.swapMiB} MiB, reserved ${layout.reservedMiB} MiB, edge_persistent ${Math.floor(sizeOf(at(params.persistentPartition)) / MIB)} MiB${grown}`;
      }),
    ),
};

const offsetOf = (p: { firstLba: bigint }): number => Number(p.firstLba) * SECTOR;
const sizeOf = (p: { firstLba: bigint; lastLba: bigint }): number =>
  Number(p.lastLba - p.firstLba + 1n) * SECTOR;

/** The input EMT image has exactly ESP, rootfs and persistent; anything else would be overwritten. */
function checkImageLayout(
  partitions: readonly GptPartitionInfo[],
  expected: readonly GptPartitionInfo[],
): void {
  const extra = partitions.filter((p) => !expected.includes(p));
  if (extra.length > 0) {
    throw new OrchError(
      'LAYOUT_UNEXPECTED',
      `the EMT image should hold only ESP, rootfs and persistent partitions; it also has ${extra.map((p) => `${p.number} ("${p.name}")`).join(', ')}`,
      {
        details: { extra: extra.map((p) => p.number) },
      },
    );
  }
}

/** rootfs A holds ext4 no larger than 4096 MiB (EMF would silently truncate a larger one). */
async function checkRootfs(disk: NodeDisk, root: GptPartitionInfo): Promise<void> {
  const fs = await filesystemOf(disk, root);
  if (fs !== 'ext4')
    throw new OrchError('LAYOUT_UNEXPECTED', `rootfs A (partition ${root.number}) holds ${fs}, not ext4`);
  const sb = decodeExt4Superblock(
    await disk.read(Number(root.offset) + SUPERBLOCK_OFFSET, SUPERBLOCK_SIZE),
    Number.MAX_SAFE_INTEGER,
  );
  const bytes = sb.blockSize * sb.blocksCount;
  if (bytes > EMT_ROOTFS_MIB * MIB) {
    throw new OrchError(
      'ROOTFS_TOO_LARGE',
      `the image's root filesystem is ${Math.ceil(bytes / MIB)} MiB; the EMT layout's rootfs A holds ${EMT_ROOTFS_MIB} MiB`,
      {
        details: { filesystemBytes: bytes, limitBytes: EMT_ROOTFS_MIB * MIB },
      },
    );
  }
}

/** Copies the old persistent partition's bytes to its new place (zero chunks skipped on a file disk). */
async function copyPartition(
  disk: NodeDisk,
  from: GptPartitionInfo,
  to: EmtPartitionPlan,
  signal: AbortSignal,
): Promise<void> {
  const size = Number(from.sizeBytes);
  if (size > sizeOf(to))
    throw new OrchError(
      'DISK_TOO_SMALL',
      `the persistent partition (${size} bytes) does not fit its new place`,
    );
  const zero = new Uint8Array(CHUNK);
  for (let done = 0; done < size; done += CHUNK) {
    signal.throwIfAborted();
    const chunk = await disk.read(Number(from.offset) + done, Math.min(CHUNK, size - done));
    if (disk.ref.kind === 'file' && Buffer.from(chunk).equals(zero.subarray(0, chunk.length))) continue;
    await disk.write(chunk, offsetOf(to) + done);
  }
}

/**
 * The dm-verity tree of rootfs A. On a file disk the chunks no extent of the file covers are holes:
 * they are hashed as the zeros they read as, without reading them (see file-extents.ts).
 */
async function hashRootfs(ctx: StepContext, disk: NodeDisk, rootfs: EmtPartitionPlan, signal: AbortSignal) {
  const size = sizeOf(rootfs);
  const builder = new VerityHashTreeBuilder({ dataBytes: size });
  const extents = ctx.disk.kind === 'file' ? await fileExtents(ctx.tools, ctx.disk.path) : undefined;
  const zeros = new Uint8Array(CHUNK);
  for (let done = 0; done < size; done += CHUNK) {
    signal.throwIfAborted();
    const at = offsetOf(rootfs) + done;
    const length = Math.min(CHUNK, size - done);
    const hole = extents !== undefined && !overlapsData(extents, at, at + length);
    builder.push(hole ? zeros.subarray(0, length) : await disk.read(at, length));
    if (done % (256 * MIB) === 0)
      ctx.progress({ bytesDone: done, bytesTotal: size, detail: 'dm-verity hash tree of rootfs A' });
  }
  const tree = builder.finish();
  if (tree.hashArea.length !== verityHashAreaBytes(size) || tree.hashArea.length > 100 * MIB)
    throw new Error('verity hash area does not fit hashmap_a');
  return tree;
}

/**
 * Grows the ext4 filesystem of `edge_persistent` to fill its partition, as EMF's repartitioning
 * does: a loop device over the partition's bytes of the disk (`losetup --offset --sizelimit`, the
 * same on a file disk and a block device, no need for the kernel to reread the new table), then
 * `e2fsck -f -p` and `resize2fs` on it, and the loop device detached. (e2fsprogs' own
 * `<disk>?offset=` form is not used: resize2fs 1.47 writes some new block bitmaps without the
 * offset.) With SB_FDE it stops 32 MiB short of the end, the LUKS2 header's room. A rerun finds
 * the filesystem grown and resize2fs has nothing to do. A partition without ext4 is left as it is,
 * and the detail says so.
 */
async function growPersistent(
  ctx: StepContext,
  disk: NodeDisk,
  part: EmtPartitionPlan,
  room: number,
): Promise<string> {
  const head = await disk.read(offsetOf(part) + SUPERBLOCK_OFFSET, SUPERBLOCK_SIZE);
  let before: number;
  try {
    const sb = decodeExt4Superblock(head, Number.MAX_SAFE_INTEGER);
    before = sb.blockSize * sb.blocksCount;
  } catch {
    ctx.log('edge_persistent holds no ext4 filesystem: not grown');
    return ' (no ext4 filesystem on it to grow)';
  }
  ctx.log(
    `growing the edge_persistent filesystem from ${Math.floor(before / MIB)} MiB to fill its partition`,
  );
  const loop = (
    await ctx.tools.run('losetup', [
      '--find',
      '--show',
      '--offset',
      String(offsetOf(part)),
      '--sizelimit',
      String(sizeOf(part) - room),
      ctx.disk.path,
    ])
  ).stdout.trim();
  try {
    await ctx.tools.run('e2fsck', ['-f', '-p', loop]);
    await ctx.tools.run('resize2fs', [loop]);
  } finally {
    await ctx.tools.run('losetup', ['--detach', loop]).catch(() => undefined);
  }
  return `, its filesystem grown from ${Math.floor(before / MIB)} MiB`;
}

/** `mke2fs -t ext4 -L label -d <files>` in place on the disk at the partition's offset. */
async function mkfsExt4(
  ctx: StepContext,
  part: EmtPartitionPlan,
  label: string,
  files: Record<string, string>,
  room: number,
): Promise<void> {
  const stage = await mkdtemp(join(tmpdir(), 'en-agent-mkfs-'));
  try {
    for (const [name, content] of Object.entries(files)) await writeFile(join(stage, name), content);
    await ctx.tools.run('mke2fs', [
      '-q',
      '-F',
      '-t',
      'ext4',
      '-L',
      label,
      '-d',
      stage,
      '-E',
      `offset=${offsetOf(part)}`,
      ctx.disk.path,
      `${(sizeOf(part) - room) / 1024}k`,
    ]);
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
