/**
 * @module
 * What Debian's tools say about a disk the agent wrote: sgdisk, e2fsck, veritysetup, fsck.vfat,
 * mtools and blkid, each pointed at one partition (through a read-only loop device or an offset).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Runs a tool; resolves stdout, rejects with its stderr. */
export async function tool(command: string, args: readonly string[]): Promise<string> {
  const { stdout } = await exec(command, [...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** One partition as `sgdisk -p` lists it. */
export interface ListedPartition {
  readonly number: number;
  readonly offset: number;
  readonly size: number;
  readonly code: string;
  readonly name: string;
}

/** `sgdisk -v` must find no problems; returns the partitions of `sgdisk -p`. */
export async function sgdiskCheck(disk: string): Promise<ListedPartition[]> {
  const verify = await tool('sgdisk', ['-v', disk]);
  if (!/No problems found/.test(verify)) throw new Error(`sgdisk -v ${disk}:\n${verify}`);
  return sgdiskList(disk);
}

/** The partitions `sgdisk -p` prints. */
export async function sgdiskList(disk: string): Promise<ListedPartition[]> {
  const out = await tool('sgdisk', ['-p', disk]);
  const parts: ListedPartition[] = [];
  for (const line of out.split('\n')) {
    const m = /^\s+(\d+)\s+(\d+)\s+(\d+)\s+\S+\s+\S+\s+([0-9A-F]{4})\s*(.*)$/.exec(line);
    if (m)
      parts.push({
        number: Number(m[1]),
        offset: Number(m[2]) * 512,
        size: (Number(m[3]) - Number(m[2]) + 1) * 512,
        code: m[4]!,
        name: m[5]!.trim(),
      });
  }
  return parts;
}

/** Runs `body` with a read-only loop device over `[offset, offset + size)` of `disk`. */
export async function withLoop<T>(
  disk: string,
  offset: number,
  size: number,
  body: (dev: string) => Promise<T>,
): Promise<T> {
  const dev = (
    await tool('losetup', [
      '--find',
      '--show',
      '--read-only',
      '--offset',
      String(offset),
      '--sizelimit',
      String(size),
      disk,
    ])
  ).trim();
  try {
    return await body(dev);
  } finally {
    await exec('losetup', ['-d', dev]).catch(() => undefined);
  }
}

/** `e2fsck -fn` on the ext4 filesystem of a partition; returns its output. */
export const e2fsck = (disk: string, part: ListedPartition): Promise<string> =>
  tool('e2fsck', ['-fn', `${disk}?offset=${part.offset}`]);

/** `veritysetup verify data hash roothash` over two partitions of the disk. */
export async function veritysetupVerify(
  disk: string,
  data: ListedPartition,
  hash: ListedPartition,
  rootHash: string,
): Promise<void> {
  await withLoop(disk, data.offset, data.size, (d) =>
    withLoop(disk, hash.offset, hash.size, (h) => tool('veritysetup', ['verify', d, h, rootHash])),
  );
}

/** A file of a partition's ext4 filesystem (`debugfs -R cat`). */
export const ext4File = (disk: string, part: ListedPartition, path: string): Promise<string> =>
  tool('debugfs', ['-R', `cat ${path}`, `${disk}?offset=${part.offset}`]);

/** `blkid -p` facts (TYPE, LABEL, UUID...) of a partition. */
export async function blkid(disk: string, part: ListedPartition): Promise<Record<string, string>> {
  const out = await tool('blkid', ['-p', '-o', 'export', '-O', String(part.offset), disk]).catch(
    (e: { stdout?: string }) => e.stdout ?? '',
  );
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

/** The FAT partition copied out (small), checked with `fsck.vfat -n`, and each file read with mtools. */
export async function readFatPartition(
  disk: string,
  part: ListedPartition,
  names: readonly string[],
): Promise<Record<string, Buffer>> {
  const dir = await mkdtemp(join(tmpdir(), 'fat-oracle-'));
  try {
    const handle = await open(disk, 'r');
    const bytes = Buffer.alloc(part.size);
    await handle.read(bytes, 0, part.size, part.offset);
    await handle.close();
    const image = join(dir, 'fat.img');
    await writeFile(image, bytes);
    await tool('fsck.vfat', ['-n', image]);
    const files: Record<string, Buffer> = {};
    for (const name of names)
      files[name] = (await exec('mtype', ['-i', image, `::/${name}`], { encoding: 'buffer' })).stdout;
    return files;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whether a GPT header signature (`EFI PART`) stands at LBA 1 and at the last LBA of `disk`. */
export async function gptSignatures(disk: string): Promise<{ primary: boolean; backup: boolean }> {
  const handle = await open(disk, 'r');
  try {
    const { size } = await handle.stat();
    const at = async (offset: number): Promise<boolean> => {
      const header = Buffer.alloc(8);
      await handle.read(header, 0, 8, offset);
      return header.toString('latin1') === 'EFI PART';
    };
    return { primary: await at(512), backup: await at(size - 512) };
  } finally {
    await handle.close();
  }
}
