/**
 * Builds one GPT disk image holding FAT12, FAT16, FAT32 and two ext4 filesystems (1 KiB blocks
 * with 64-bit descriptors, 4 KiB blocks without) made by the Debian tools from staging folders,
 * so every read can be checked against the staged bytes.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, symlink, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createGpt } from '../../../src/image/gpt/gpt-create.js';
import { PARTITION_TYPES } from '../../../src/image/gpt/partition-types.js';
import type { ByteSource, PartitionRange } from '../../../src/image/fs/index.js';
import { runTool } from '../../fixtures/disk-image/run-tool.js';

const MIB = 1024 * 1024;
const KIB = 1024;

/** A partition of the test disk and the staging folder its filesystem was made from. */
export interface TestPartition extends PartitionRange {
  readonly name: 'fat12' | 'fat16' | 'fat32' | 'ext4-1k' | 'ext4-4k';
  readonly staging: string;
}

/** Long name with a dot and mixed case, so FAT stores a long file name. */
export const LONG_FAT_NAME = 'Edge Microvisor Toolkit UKI.efi';
/** A link target longer than the 60 bytes an inode holds: a slow symlink. */
export const SLOW_LINK_TARGET = `/opt/${'long-directory-name-'.repeat(4)}/payload.bin`;
/** Entries in the hash-tree directory. */
export const HTREE_ENTRIES = 600;
export const DEEP_PATH = Array.from({ length: 12 }, (_, i) => `level-${i}`).join('/');

/** The files every FAT partition gets (relative path -> bytes). */
function fatFiles(): Record<string, Uint8Array> {
  return {
    'EFI/BOOT/BOOTX64.EFI': randomBytes(70 * KIB + 13),
    [`EFI/Linux/${LONG_FAT_NAME}`]: randomBytes(5 * KIB),
    'EFI/Linux/lower.efi': randomBytes(700),
    'a/b/c/d/nested file with spaces.txt': Buffer.from('nested\n'),
    'empty.txt': new Uint8Array(0),
  };
}

async function stage(root: string, files: Record<string, Uint8Array>): Promise<void> {
  for (const [relative, bytes] of Object.entries(files)) {
    await mkdir(dirname(join(root, relative)), { recursive: true });
    await writeFile(join(root, relative), bytes);
  }
}

async function buildFat(work: string, bits: 12 | 16 | 32, sizeMiB: number): Promise<[string, string]> {
  const staging = join(work, `fat${bits}-root`);
  await stage(staging, fatFiles());
  const image = join(work, `fat${bits}.img`);
  const extra = bits === 32 ? ['-s', '1'] : [];
  await runTool('mkfs.vfat', [
    '-C',
    '-F',
    String(bits),
    ...extra,
    '-n',
    `FAT${bits}VOL`,
    image,
    String(sizeMiB * 1024),
  ]);
  await runTool('mcopy', [
    '-s',
    '-i',
    image,
    join(staging, 'EFI'),
    join(staging, 'a'),
    join(staging, 'empty.txt'),
    '::/',
  ]);
  return [image, staging];
}

async function stageExt4(root: string): Promise<void> {
  await stage(root, {
    'usr/lib/os-release': Buffer.from('NAME="Ubuntu"\nID=ubuntu\nVERSION_ID="22.04"\n'),
    'big.bin': randomBytes(3 * MIB + 12345),
    [`${SLOW_LINK_TARGET.slice(1)}`]: Buffer.from('reached through a slow link\n'),
    [`${DEEP_PATH}/leaf.txt`]: Buffer.from('deep leaf\n'),
  });
  await mkdir(join(root, 'etc'));
  await symlink('../usr/lib/os-release', join(root, 'etc', 'os-release'));
  await symlink(SLOW_LINK_TARGET, join(root, 'slow-link'));
  await symlink('loop-b', join(root, 'loop-a'));
  await symlink('loop-a', join(root, 'loop-b'));
  await symlink('usr/lib', join(root, 'lib'));
  await mkdir(join(root, 'many'));
  for (let i = 0; i < HTREE_ENTRIES; i++) {
    await writeFile(join(root, 'many', `entry-with-a-longish-name-${i}`), `entry ${i}\n`);
  }
  // Data in every other block: 48 extents, more than the inode's 4, so the tree has depth 1.
  const sparse = await open(join(root, 'sparse.bin'), 'w');
  for (let block = 0; block < 96; block += 2) await sparse.write(randomBytes(4096), 0, 4096, block * 4096);
  await sparse.close();
}

async function buildExt4(work: string, blockSize: 1024 | 4096, staging: string): Promise<string> {
  const image = join(work, `ext4-${blockSize}.img`);
  const features = blockSize === 1024 ? ['-O', '64bit'] : ['-O', '^64bit'];
  await runTool('mkfs.ext4', [
    '-q',
    '-F',
    '-b',
    String(blockSize),
    ...features,
    '-L',
    `root${blockSize}`,
    '-d',
    staging,
    image,
    '24M',
  ]);
  // -D re-indexes directories: `many` becomes a hash-tree directory.
  await runTool('e2fsck', ['-f', '-y', '-D', image]).catch(() => undefined);
  return image;
}

/** Builds `work/disk.raw` and returns its partitions. */
export async function buildTestDisk(work: string): Promise<{ disk: string; partitions: TestPartition[] }> {
  const fat12 = await buildFat(work, 12, 2);
  const fat16 = await buildFat(work, 16, 16);
  const fat32 = await buildFat(work, 32, 36);
  const ext4Staging = join(work, 'ext4-root');
  await mkdir(ext4Staging);
  await stageExt4(ext4Staging);
  const parts: Array<[TestPartition['name'], string, string]> = [
    ['fat12', ...fat12],
    ['fat16', ...fat16],
    ['fat32', ...fat32],
    ['ext4-1k', await buildExt4(work, 1024, ext4Staging), ext4Staging],
    ['ext4-4k', await buildExt4(work, 4096, ext4Staging), ext4Staging],
  ];
  const sizes = [2, 16, 36, 24, 24];
  const gpt = createGpt({
    diskSize: 110 * MIB,
    partitions: parts.map(([name], i) => ({
      name,
      typeGuid: i < 3 ? PARTITION_TYPES.esp.guid : PARTITION_TYPES.linuxFilesystem.guid,
      sizeBytes: sizes[i]! * MIB,
    })),
  });
  const disk = join(work, 'disk.raw');
  const file = await open(disk, 'w');
  await file.truncate(110 * MIB);
  await file.write(gpt.primary, 0, gpt.primary.byteLength, 0);
  await file.write(gpt.backup, 0, gpt.backup.byteLength, gpt.backupOffset);
  await file.close();
  const partitions: TestPartition[] = [];
  for (const [i, [name, image, staging]] of parts.entries()) {
    const offset = Number(gpt.entries[i]!.firstLba) * 512;
    await runTool('dd', [
      `if=${image}`,
      `of=${disk}`,
      'bs=1M',
      `seek=${offset}`,
      'oflag=seek_bytes',
      'conv=notrunc,sparse',
      'status=none',
    ]);
    partitions.push({ name, offset, size: sizes[i]! * MIB, staging });
  }
  return { disk, partitions };
}

/** A {@link ByteSource} over an open file, counting reads. */
export function fileSource(handle: FileHandle, size: number): ByteSource & { reads: number } {
  const source = {
    size,
    reads: 0,
    async read(offset: number, length: number): Promise<Uint8Array> {
      source.reads++;
      const buffer = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, offset);
      return buffer.subarray(0, bytesRead);
    },
  };
  return source;
}
