/**
 * ext4 linear directory entries. https://docs.kernel.org/filesystems/ext4/directory.html
 * Hash-tree (htree) directories read correctly this way too: their index blocks look like one
 * empty entry spanning the block, and the root's index hides inside `..`'s record length.
 * @module
 */
import type { FsNodeType } from './read-only-fs.js';
import { corrupt } from './fs-error.js';
import { byteFields } from '../binary/byte-fields.js';

const INODE = 0; // u32
const REC_LEN = 4; // u16
const NAME_LEN = 6; // u8 with the filetype feature (u16 without)
const FILE_TYPE = 7; // u8 with the filetype feature
const NAME = 8;
const FILE_TYPES: Record<number, FsNodeType> = { 1: 'file', 2: 'dir', 7: 'symlink' };

/** One directory entry. `type` is undefined without the filetype feature (read the inode). */
export interface Ext4DirEntry {
  readonly inode: number;
  readonly name: string;
  readonly type: FsNodeType | undefined;
}

/** Decodes every in-use entry of a directory's bytes, `.` and `..` excluded. */
export function decodeExt4Directory(
  bytes: Uint8Array,
  blockSize: number,
  hasFileType: boolean,
): Ext4DirEntry[] {
  const view = byteFields(bytes);
  const decoder = new TextDecoder();
  const entries: Ext4DirEntry[] = [];
  for (let at = 0; at + NAME <= bytes.byteLength;) {
    const recLen = view.u16le(at + REC_LEN);
    const nameLen = hasFileType ? bytes[at + NAME_LEN]! : view.u16le(at + NAME_LEN);
    const blockEnd = (Math.floor(at / blockSize) + 1) * blockSize;
    // rec_len 0 stands for 65536 in 64 KiB blocks (largedir); otherwise entries never cross blocks.
    const length = recLen === 0 && blockSize === 65536 ? 65536 : recLen;
    if (length < NAME || length % 4 !== 0 || at + length > blockEnd || NAME + nameLen > length) {
      throw corrupt('ext4', `directory entry at byte ${at} has rec_len ${recLen} and name_len ${nameLen}`, {
        field: 'rec_len',
        expected: `a multiple of 4, >= ${NAME + nameLen}, within the block ending at ${blockEnd}`,
        actual: String(recLen),
      });
    }
    const inode = view.u32le(at + INODE);
    const name = decoder.decode(bytes.subarray(at + NAME, at + NAME + nameLen));
    if (inode !== 0 && name !== '.' && name !== '..') {
      entries.push({
        inode,
        name,
        type: hasFileType ? (FILE_TYPES[bytes[at + FILE_TYPE]!] ?? 'other') : undefined,
      });
    }
    at += length;
  }
  return entries;
}
