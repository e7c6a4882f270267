/**
 * Opens the FAT or ext4 filesystem of a partition inside a raw disk image.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';
import type { ByteSource, PartitionRange } from './byte-source.js';
import { openExt4 } from './ext4-driver.js';
import { openFat } from './fat-driver.js';
import { detectFilesystem, SIGNATURE_PROBE_BYTES } from './filesystem-signature.js';
import { readOnlyFs } from './fs-path-walker.js';
import type { ReadOnlyFs } from './read-only-fs.js';

/**
 * Opens the partition `partition` (a byte range of `source`) read-only, detecting vfat or ext4
 * from its superblock. Another filesystem is UNSUPPORTED_FORMAT naming it; no known signature is
 * UNSUPPORTED_FORMAT too; inconsistent structures are CORRUPT_DATA.
 */
export async function openFilesystem(source: ByteSource, partition: PartitionRange): Promise<ReadOnlyFs> {
  if (partition.offset < 0 || partition.size <= 0 || partition.offset + partition.size > source.size) {
    throw new OrchError(
      'CORRUPT_DATA',
      `partition ${partition.offset}+${partition.size} lies outside the ${source.size}-byte image`,
      { details: { ...partition, imageSize: source.size } },
    );
  }
  const probeLength = Math.min(SIGNATURE_PROBE_BYTES, partition.size);
  const head = await source.read(partition.offset, probeLength);
  const detected = detectFilesystem(head);
  switch (detected.kind) {
    case 'ext4':
      return readOnlyFs(await openExt4(source, partition));
    case 'vfat':
      return readOnlyFs(await openFat(source, partition));
    case 'other':
      throw new OrchError(
        'UNSUPPORTED_FORMAT',
        `partition at ${partition.offset} holds ${detected.name}, not vfat or ext4`,
        {
          details: { filesystem: detected.name, offset: partition.offset },
        },
      );
    default:
      throw new OrchError(
        'UNSUPPORTED_FORMAT',
        `partition at ${partition.offset} holds no recognised filesystem (no vfat boot sector, no ext4 superblock)`,
        { details: { offset: partition.offset } },
      );
  }
}
