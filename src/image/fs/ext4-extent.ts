/**
 * ext4 extent tree nodes. https://docs.kernel.org/filesystems/ext4/dynamic.html#extent-tree
 * @module
 */
import { corrupt } from './fs-error.js';
import { byteFields } from '../binary/byte-fields.js';

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
  const view = byteFields(bytes);
  const magic = view.u16le(EH_MAGIC);
  if (magic !== EXTENT_MAGIC) {
    throw corrupt('ext4', `extent header of ${at} has magic 0x${magic.toString(16)}`, {
      field: 'eh_magic',
      expected: '0xf30a',
      actual: `0x${magic.toString(16)}`,
    });
  }
  const entries = view.u16le(EH_ENTRIES);
  const depth = view.u16le(EH_DEPTH);
  const capacity = Math.floor((bytes.byteLength - HEADER_SIZE) / ENTRY_SIZE);
  if (entries > view.u16le(EH_MAX) || entries > capacity || depth > MAX_EXTENT_DEPTH) {
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
        const rawLength = view.u16le(o + 4);
        return {
          fileBlock: view.u32le(o),
          length: rawLength > UNINIT_LEN ? rawLength - UNINIT_LEN : rawLength,
          diskBlock: view.u16le(o + 6) * 2 ** 32 + view.u32le(o + 8),
          uninitialized: rawLength > UNINIT_LEN,
        };
      }),
    };
  }
  return {
    depth,
    children: offsets.map((o) => ({
      fileBlock: view.u32le(o),
      diskBlock: view.u16le(o + 8) * 2 ** 32 + view.u32le(o + 4),
    })),
  };
}
