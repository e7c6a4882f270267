/**
 * Helpers shared by the GPT and sink tests: lay GPT regions into disk bytes, build deliberately
 * broken tables, and run sgdisk (the oracle).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { CreatedGpt } from '../../../src/image/gpt/gpt-create.js';
import { encodeGptEntries, type GptEntry } from '../../../src/image/gpt/gpt-entry.js';
import { backupRegion, buildGptHeaders } from '../../../src/image/gpt/gpt-layout.js';
import { writeProtectiveMbr } from '../../../src/image/gpt/protective-mbr.js';

const run = promisify(execFile);

/** A zero disk of `diskSize` bytes carrying `gpt`'s primary and backup regions. */
export function diskWith(
  gpt: Pick<CreatedGpt, 'primary' | 'backup' | 'backupOffset'>,
  diskSize: number,
): Uint8Array {
  const disk = new Uint8Array(diskSize);
  disk.set(gpt.primary, 0);
  disk.set(gpt.backup, gpt.backupOffset);
  return disk;
}

/** A disk whose GPT holds exactly `entries`, without any sanity check (for overlap/bounds cases). */
export function diskWithRawEntries(diskSize: number, entries: readonly GptEntry[]): Uint8Array {
  const entryBytes = encodeGptEntries(entries);
  const totalSectors = BigInt(diskSize / 512);
  const headers = buildGptHeaders({
    sectorSize: 512,
    totalSectors,
    diskGuid: '11111111-2222-4333-8444-555555555555',
    firstUsableLba: 34n,
    numberOfEntries: 128,
    entrySize: 128,
    entries: entryBytes,
  });
  const primary = new Uint8Array(34 * 512);
  writeProtectiveMbr(primary, totalSectors);
  primary.set(headers.primaryBytes, 512);
  primary.set(entryBytes, 1024);
  const backupOffset = Number(headers.backupEntriesLba) * 512;
  return diskWith(
    { primary, backup: backupRegion(entryBytes, headers.backupBytes, 512), backupOffset },
    diskSize,
  );
}

/** Runs sgdisk with `args`; resolves with its exit code and combined output, never rejects on exit code. */
export async function sgdisk(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run('sgdisk', args, { timeout: 20_000 });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** `sgdisk -v` found nothing wrong. */
export const SGDISK_CLEAN = /No problems found/;
