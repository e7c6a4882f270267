/**
 * @module
 * Opens the filesystem of every partition that holds vfat or ext4, and notes its kind and label.
 */
import { isOrchError } from '../../core/errors/index.js';
import { openFilesystem, type ByteSource, type ReadOnlyFs } from '../fs/index.js';
import type { PartitionFacts } from './image-facts.js';

/** Partitions with their filesystems, and the open filesystems by partition number. */
export interface OpenedFilesystems {
  readonly partitions: PartitionFacts[];
  readonly filesystems: ReadonlyMap<number, ReadOnlyFs>;
  readonly problems: string[];
}

/**
 * Opens each partition. A partition without vfat or ext4 (BIOS boot, swap, LUKS) is left as it
 * is; a damaged filesystem is noted as a problem, since its files cannot be checked.
 */
export async function openPartitionFilesystems(
  source: ByteSource,
  partitions: readonly PartitionFacts[],
): Promise<OpenedFilesystems> {
  const filesystems = new Map<number, ReadOnlyFs>();
  const problems: string[] = [];
  const described: PartitionFacts[] = [];
  for (const partition of partitions) {
    try {
      const fs = await openFilesystem(source, { offset: partition.start, size: partition.size });
      filesystems.set(partition.number, fs);
      described.push({ ...partition, fs: fs.kind, ...(fs.label === '' ? {} : { label: fs.label }) });
    } catch (error) {
      if (!isOrchError(error)) throw error;
      if (error.code !== 'UNSUPPORTED_FORMAT') problems.push(`p${partition.number}: ${error.message}`);
      described.push(partition);
    }
  }
  return { partitions: described, filesystems, problems };
}
