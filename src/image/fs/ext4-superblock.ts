/**
 * ext4 superblock decoder. https://docs.kernel.org/filesystems/ext4/globals.html#super-block
 * @module
 */
import { corrupt, unsupported } from './fs-error.js';
import { byteFields } from '../binary/byte-fields.js';

/** The superblock starts 1024 bytes into the filesystem and is 1024 bytes long. */
export const SUPERBLOCK_OFFSET = 1024;
export const SUPERBLOCK_SIZE = 1024;
const S_INODES_COUNT = 0x0;
const S_BLOCKS_COUNT_LO = 0x4;
const S_FIRST_DATA_BLOCK = 0x14;
const S_LOG_BLOCK_SIZE = 0x18;
const S_BLOCKS_PER_GROUP = 0x20;
const S_INODES_PER_GROUP = 0x28;
/** u16 0xEF53 */
const S_MAGIC = 0x38;
export const EXT4_MAGIC = 0xef53;
const S_REV_LEVEL = 0x4c;
const S_INODE_SIZE = 0x58;
const S_FEATURE_INCOMPAT = 0x60;
const S_UUID = 0x68;
const S_VOLUME_NAME = 0x78;
const S_DESC_SIZE = 0xfe;
const S_BLOCKS_COUNT_HI = 0x150;

/** Incompatible features this reader understands; any other one is UNSUPPORTED_FORMAT. */
export const INCOMPAT = {
  FILETYPE: 0x2,
  RECOVER: 0x4,
  META_BG: 0x10,
  EXTENTS: 0x40,
  BIT64: 0x80,
  MMP: 0x100,
  FLEX_BG: 0x200,
  LARGEDIR: 0x4000,
  INLINE_DATA: 0x8000,
  CSUM_SEED: 0x2000,
  CASEFOLD: 0x20000,
} as const;
/** RECOVER: reading a filesystem with an unreplayed journal may see stale data, as blkid does. */
const KNOWN_INCOMPAT =
  INCOMPAT.FILETYPE |
  INCOMPAT.RECOVER |
  INCOMPAT.EXTENTS |
  INCOMPAT.BIT64 |
  INCOMPAT.MMP |
  INCOMPAT.FLEX_BG |
  INCOMPAT.LARGEDIR |
  INCOMPAT.CSUM_SEED |
  INCOMPAT.CASEFOLD;
const INCOMPAT_NAMES: Record<number, string> = {
  0x1: 'compression',
  0x8: 'journal_dev',
  0x10: 'meta_bg',
  0x1000: 'dirdata',
  0x8000: 'inline_data',
  0x10000: 'encrypt',
};

/** What the reader needs from the superblock. */
export interface Ext4Superblock {
  readonly blockSize: number;
  readonly blocksCount: number;
  readonly firstDataBlock: number;
  readonly blocksPerGroup: number;
  readonly inodesPerGroup: number;
  readonly inodesCount: number;
  readonly inodeSize: number;
  /** Group descriptor size: 32, or s_desc_size with the 64bit feature. */
  readonly descSize: number;
  readonly incompat: number;
  readonly uuid: string;
  readonly label: string;
}

/** Whether the 1024 superblock bytes carry the ext2/3/4 magic. */
export function hasExt4Magic(superblock: Uint8Array): boolean {
  return (
    superblock.byteLength >= S_MAGIC + 2 &&
    (superblock[S_MAGIC]! | (superblock[S_MAGIC + 1]! << 8)) === EXT4_MAGIC
  );
}

/** Decodes and sanity-checks the superblock (bytes 1024..2047 of the filesystem). */
export function decodeExt4Superblock(bytes: Uint8Array, partitionSize: number): Ext4Superblock {
  const view = byteFields(bytes);
  const magic = view.u16le(S_MAGIC);
  if (magic !== EXT4_MAGIC) {
    throw corrupt('ext4', 'superblock magic is wrong', {
      offset: SUPERBLOCK_OFFSET + S_MAGIC,
      field: 's_magic',
      expected: '0xef53',
      actual: `0x${magic.toString(16)}`,
    });
  }
  const logBlockSize = view.u32le(S_LOG_BLOCK_SIZE);
  if (logBlockSize > 6) throw field('s_log_block_size', '0..6 (1 KiB..64 KiB blocks)', logBlockSize);
  const incompat = view.u32le(S_FEATURE_INCOMPAT);
  const unknown = incompat & ~KNOWN_INCOMPAT;
  if (unknown !== 0) {
    const names = Object.entries(INCOMPAT_NAMES)
      .filter(([bit]) => unknown & Number(bit))
      .map(([, name]) => name);
    throw unsupported(
      'ext4',
      `incompatible feature(s) not supported: ${names.join(', ') || `0x${unknown.toString(16)}`}`,
      {
        field: 's_feature_incompat',
        actual: `0x${incompat.toString(16)}`,
      },
    );
  }
  const is64 = (incompat & INCOMPAT.BIT64) !== 0;
  const sb: Ext4Superblock = {
    blockSize: 1024 << logBlockSize,
    blocksCount: view.u32le(S_BLOCKS_COUNT_LO) + (is64 ? view.u32le(S_BLOCKS_COUNT_HI) * 2 ** 32 : 0),
    firstDataBlock: view.u32le(S_FIRST_DATA_BLOCK),
    blocksPerGroup: view.u32le(S_BLOCKS_PER_GROUP),
    inodesPerGroup: view.u32le(S_INODES_PER_GROUP),
    inodesCount: view.u32le(S_INODES_COUNT),
    inodeSize: view.u32le(S_REV_LEVEL) === 0 ? 128 : view.u16le(S_INODE_SIZE),
    descSize: is64 ? view.u16le(S_DESC_SIZE) : 32,
    incompat,
    uuid: formatUuid(bytes.subarray(S_UUID, S_UUID + 16)),
    label: new TextDecoder().decode(bytes.subarray(S_VOLUME_NAME, S_VOLUME_NAME + 16)).replace(/\0.*$/s, ''),
  };
  checkGeometry(sb, partitionSize);
  return sb;
}

function checkGeometry(sb: Ext4Superblock, partitionSize: number): void {
  if (sb.blocksPerGroup === 0) throw field('s_blocks_per_group', '> 0', 0);
  if (sb.inodesPerGroup === 0) throw field('s_inodes_per_group', '> 0', 0);
  if (sb.inodeSize < 128 || sb.inodeSize > sb.blockSize || (sb.inodeSize & (sb.inodeSize - 1)) !== 0) {
    throw field('s_inode_size', 'a power of two from 128 to the block size', sb.inodeSize);
  }
  if (sb.descSize < 32 || sb.descSize > 1024 || (sb.descSize & (sb.descSize - 1)) !== 0) {
    throw field('s_desc_size', 'a power of two from 32 to 1024', sb.descSize);
  }
  if (sb.blocksCount * sb.blockSize > partitionSize) {
    throw field(
      's_blocks_count',
      `<= ${Math.floor(partitionSize / sb.blockSize)} (the partition's size)`,
      sb.blocksCount,
    );
  }
}

function field(name: string, expected: string, actual: number): Error {
  return corrupt('ext4', `superblock field ${name} is ${actual}, expected ${expected}`, {
    field: name,
    expected,
    actual: String(actual),
  });
}

function formatUuid(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
