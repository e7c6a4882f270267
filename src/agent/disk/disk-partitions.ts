/**
 * Partition helpers of the layout steps: find a partition, read its filesystem signature, align.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';
import {
  detectFilesystem,
  SIGNATURE_PROBE_BYTES,
  type ByteSource,
  type GptPartitionInfo,
  type GptReport,
} from '../../image/index.js';
import type { NodeDisk } from './node-disk.js';

export const SECTOR = 512;
export const MIB = 1024 * 1024;
/** 1 MiB in sectors: every partition the agent places starts on a MiB boundary. */
export const ALIGN_SECTORS = BigInt(MIB / SECTOR);

/** Partition `number` of the table, or LAYOUT_UNEXPECTED naming what the step needed it for. */
export function partitionNumber(report: GptReport, number: number, role: string): GptPartitionInfo {
  const found = report.partitions.find((p) => p.number === number);
  if (!found) {
    const have = report.partitions.map((p) => p.number).join(', ') || 'none';
    throw new OrchError(
      'LAYOUT_UNEXPECTED',
      `the disk has no partition ${number} (${role}); it has: ${have}`,
      {
        details: { partition: number, role },
      },
    );
  }
  return found;
}

/** The filesystem at the start of a partition (`ext4`, `vfat`, another name, or `unknown`). */
export async function filesystemOf(disk: NodeDisk, part: GptPartitionInfo): Promise<string> {
  const head = await disk.read(Number(part.offset), Math.min(SIGNATURE_PROBE_BYTES, Number(part.sizeBytes)));
  const found = detectFilesystem(head);
  return found.kind === 'other' ? found.name : found.kind;
}

/** The disk as a byte source for the filesystem readers. */
export function diskByteSource(disk: NodeDisk): ByteSource {
  return {
    size: disk.size,
    read: (offset, length) => disk.read(offset, Math.max(0, Math.min(length, disk.size - offset))),
  };
}

/** Rounds an LBA up to the next MiB boundary. */
export const alignUp = (lba: bigint): bigint => ((lba + ALIGN_SECTORS - 1n) / ALIGN_SECTORS) * ALIGN_SECTORS;
/** Rounds an LBA down to a MiB boundary. */
export const alignDown = (lba: bigint): bigint => (lba / ALIGN_SECTORS) * ALIGN_SECTORS;
