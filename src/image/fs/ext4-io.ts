/**
 * What the ext4 readers read with: the partition's bytes and its superblock. In its own module so
 * that the driver and the data readers (extent trees, block maps) import it without importing
 * each other.
 * @module
 */
import type { ByteSource, PartitionRange } from './byte-source.js';
import type { Ext4Superblock } from './ext4-superblock.js';

/** One mounted ext4 partition, as the readers see it. */
export interface Ext4Io {
  /** The disk image. */
  readonly source: ByteSource;
  /** The partition inside it. */
  readonly range: PartitionRange;
  readonly sb: Ext4Superblock;
}
