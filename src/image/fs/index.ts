/**
 * Read-only FAT12/16/32 and ext4 readers for files inside a disk image's partitions, and the
 * os-release parser.
 * @module
 */
export { bufferSource } from './byte-source.js';
export type { ByteSource, PartitionRange } from './byte-source.js';
export { openFilesystem } from './open-filesystem.js';
export { MAX_SYMLINKS } from './fs-path-walker.js';
export { DEFAULT_MAX_FILE_BYTES } from './read-only-fs.js';
export type { DirEntry, FsNodeType, FsStat, ReadFileOptions, ReadOnlyFs } from './read-only-fs.js';
export { parseOsRelease } from './os-release.js';
export { buildFat16, fat16Geometry } from './fat-writer.js';
export type { Fat16Options, FatFile, FatWrite } from './fat-writer.js';
export { swapHeader, SWAP_PAGE_SIZE } from './swap-signature.js';
export { detectFilesystem, SIGNATURE_PROBE_BYTES } from './filesystem-signature.js';
export type { DetectedFilesystem } from './filesystem-signature.js';
export { decodeExt4Superblock, SUPERBLOCK_OFFSET, SUPERBLOCK_SIZE } from './ext4-superblock.js';
export type { Ext4Superblock } from './ext4-superblock.js';
