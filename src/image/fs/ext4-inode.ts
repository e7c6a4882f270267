/**
 * ext4 inode decoder and locator. https://docs.kernel.org/filesystems/ext4/inodes.html and
 * https://docs.kernel.org/filesystems/ext4/group_descr.html
 * @module
 */
import type { FsNodeType } from './read-only-fs.js';
import type { Ext4Superblock } from './ext4-superblock.js';
import { corrupt } from './fs-error.js';
import { byteFields } from '../binary/byte-fields.js';

const I_MODE = 0x0; // u16
const I_SIZE_LO = 0x4; // u32
const I_FLAGS = 0x20; // u32
const I_BLOCK = 0x28; // 60 bytes: extent tree root, block map or fast symlink text
export const I_BLOCK_SIZE = 60;
const I_SIZE_HIGH = 0x6c; // u32
const S_IFMT = 0xf000;
const MODE_TYPES: Record<number, FsNodeType> = { 0x8000: 'file', 0x4000: 'dir', 0xa000: 'symlink' };
/** i_flags: the inode's data is mapped by an extent tree. */
export const EXT4_EXTENTS_FL = 0x80000;
/** i_flags: the data lives inside the inode (inline_data feature). */
export const EXT4_INLINE_DATA_FL = 0x10000000;
export const ROOT_INODE = 2;
/** Group descriptor: bg_inode_table_lo (u32) and, in 64-byte descriptors, bg_inode_table_hi. */
const BG_INODE_TABLE_LO = 0x8;
const BG_INODE_TABLE_HI = 0x28;

/** The fields of an inode the reader uses. */
export interface Ext4Inode {
  readonly number: number;
  readonly type: FsNodeType;
  readonly size: number;
  readonly flags: number;
  /** The 60-byte i_block area. */
  readonly block: Uint8Array;
}

/** Decodes an inode record. */
export function decodeExt4Inode(bytes: Uint8Array, number: number): Ext4Inode {
  const view = byteFields(bytes);
  const mode = view.u16le(I_MODE);
  const size = view.u32le(I_SIZE_LO) + view.u32le(I_SIZE_HIGH) * 2 ** 32;
  return {
    number,
    type: MODE_TYPES[mode & S_IFMT] ?? 'other',
    size,
    flags: view.u32le(I_FLAGS),
    block: bytes.subarray(I_BLOCK, I_BLOCK + I_BLOCK_SIZE),
  };
}

/** Where the group descriptor of `group` sits (the table follows the superblock's block). */
export function groupDescriptorOffset(sb: Ext4Superblock, group: number): number {
  return (sb.firstDataBlock + 1) * sb.blockSize + group * sb.descSize;
}

/** The inode table's block from a group descriptor. */
export function inodeTableBlock(descriptor: Uint8Array, descSize: number): number {
  const view = byteFields(descriptor);
  const low = view.u32le(BG_INODE_TABLE_LO);
  return descSize >= 64 ? low + view.u32le(BG_INODE_TABLE_HI) * 2 ** 32 : low;
}

/** Group and index inside the group of inode `number`; CORRUPT_DATA when out of range. */
export function inodeLocation(sb: Ext4Superblock, number: number): { group: number; index: number } {
  if (!Number.isInteger(number) || number < 1 || number > sb.inodesCount) {
    throw corrupt('ext4', `inode number ${number} is out of range`, {
      field: 'inode',
      expected: `1..${sb.inodesCount}`,
      actual: String(number),
    });
  }
  return { group: Math.floor((number - 1) / sb.inodesPerGroup), index: (number - 1) % sb.inodesPerGroup };
}
