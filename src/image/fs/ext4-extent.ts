/**
 * ext4 extent tree nodes. https://docs.kernel.org/filesystems/ext4/dynamic.html#extent-tree
 * @module
 */
import { corrupt } from './fs-error.js';

export const EXTENT_MAGIC = 0xf30a;
const EH_MAGIC = 0; // u16
const EH_ENTRIES = 2; // u16
const EH_MAX = 4; // u16
const EH_DEPTH = 6; // u16
const HEADER_SIZE = 12;
const ENTRY_SIZE = 12;
/** ee_len above this marks an uninitialised (reads as zeros) extent of ee_len - 32768 blocks. */
const UNINIT_LEN = 32768;
/** The kernel's limit on extent tree depth. */
export const MAX_EXTENT_DEPTH = 5;

/** A run of file blocks mapped to disk blocks. */
export interface Ext4Extent {
  readonly fileBlock: number;
  readonly length: number;
  readonly diskBlock: number;
  /** Allocated but never written: reads as zeros. */
  readonly uninitialized: boolean;
}

/** A decoded tree node: leaf extents, or index entries pointing at child nodes. */
export type ExtentNode =
  | { readonly depth: 0; readonly extents: Ext4Extent[] }
  | { readonly depth: number; readonly children: Array<{ fileBlock: number; diskBlock: number }> };

/** Decodes an extent node (the inode's i_block or a tree block); `at` names it in errors. */
export function decodeExtentNode(bytes: Uint8Array, at: string): ExtentNode {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint16(EH_MAGIC, true);
  if (magic !== EXTENT_MAGIC) {
    throw corrupt('ext4', `extent header of ${at} has magic 0x${magic.toString(16)}`, {
      field: 'eh_magic',
      expected: '0xf30a',
      actual: `0x${magic.toString(16)}`,
    });
  }
  const entries = view.getUint16(EH_ENTRIES, true);
  const depth = view.getUint16(EH_DEPTH, true);
  const capacity = Math.floor((bytes.byteLength - HEADER_SIZE) / ENTRY_SIZE);
  if (entries > view.getUint16(EH_MAX, true) || entries > capacity || depth > MAX_EXTENT_DEPTH) {
    throw corrupt(
      'ext4',
      `extent header of ${at} claims ${entries} entries at depth ${depth} in room for ${capacity}`,
      {
        field: 'eh_entries',
        expected: `<= ${capacity}, depth <= ${MAX_EXTENT_DEPTH}`,
        actual: `${entries}, depth ${depth}`,
      },
    );
  }
  const offsets = Array.from({ length: entries }, (_, i) => HEADER_SIZE + i * ENTRY_SIZE);
  if (depth === 0) {
    return {
      depth: 0,
      extents: offsets.map((o) => {
        const rawLength = view.getUint16(o + 4, true);
        return {
          fileBlock: view.getUint32(o, true),
          length: rawLength > UNINIT_LEN ? rawLength - UNINIT_LEN : rawLength,
          diskBlock: view.getUint16(o + 6, true) * 2 ** 32 + view.getUint32(o + 8, true),
          uninitialized: rawLength > UNINIT_LEN,
        };
      }),
    };
  }
  return {
    depth,
    children: offsets.map((o) => ({
      fileBlock: view.getUint32(o, true),
      diskBlock: view.getUint16(o + 8, true) * 2 ** 32 + view.getUint32(o + 4, true),
    })),
  };
}
