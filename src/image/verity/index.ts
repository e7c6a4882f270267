/**
 * dm-verity: the hash tree and superblock `veritysetup format` writes, computed in-process.
 * @module
 */
export {
  VerityHashTreeBuilder,
  VERITY_BLOCK_SIZE,
  VERITY_SALT_BYTES,
  verityHashAreaBytes,
  verityLevelBlocks,
} from './verity-hash-tree.js';
export type { VerityOptions, VerityTree } from './verity-hash-tree.js';
export { encodeVeritySuperblock, VERITY_SUPERBLOCK_SIZE } from './verity-superblock.js';
export type { VeritySuperblock } from './verity-superblock.js';
