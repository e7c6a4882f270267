/**
 * @module
 * Small wording helpers shared by the checks' messages, so that sizes and partitions read alike.
 */
import type { PartitionFacts } from '../inspect/image-facts.js';

const MIB = 1024 * 1024;

/** `4096 MiB (4294967296 bytes)`: MiB for people, bytes for exactness. */
export function sizeText(bytes: number): string {
  const mib = bytes / MIB;
  const shown = Number.isInteger(mib) ? String(mib) : mib.toFixed(1);
  return `${shown} MiB (${bytes} bytes)`;
}

/** `p15 vfat "UEFI"`: number, filesystem and label or name. */
export function partitionText(partition: PartitionFacts): string {
  const fs = partition.fs ?? 'unknown filesystem';
  const label = partition.label ?? (partition.name || undefined);
  return `p${partition.number} ${fs}${label === undefined ? '' : ` "${label}"`}`;
}

/** Every partition, for "found" halves of messages; `no partitions` when there are none. */
export function partitionsText(partitions: readonly PartitionFacts[]): string {
  return partitions.length === 0 ? 'no partitions' : partitions.map(partitionText).join(', ');
}

/** Evidence form of a partition. */
export function partitionEvidence(partition: PartitionFacts): Record<string, unknown> {
  return { ...partition };
}
