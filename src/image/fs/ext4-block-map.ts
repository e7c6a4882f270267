/**
 * ext2/ext3-style block maps (inodes without the extents flag, still found in ext4 filesystems
 * upgraded from ext3): 12 direct pointers, then single, double and triple indirect blocks.
 * https://docs.kernel.org/filesystems/ext4/blockmap.html
 * @module
 */
import { readRange } from './byte-source.js';
import type { Ext4Extent } from './ext4-extent.js';
import type { Ext4Io } from './ext4-io.js';
import type { Ext4Inode } from './ext4-inode.js';
import { corrupt } from './fs-error.js';
import { byteFields } from '../binary/byte-fields.js';

const DIRECT_POINTERS = 12;
/** i_block[12], [13], [14]: single, double, triple indirect. */
const INDIRECT_LEVELS = [1, 2, 3] as const;

/** The inode's data blocks as extents of consecutive blocks (holes left out), up to `blocks` file blocks. */
export async function blockMapExtents(io: Ext4Io, inode: Ext4Inode, blocks: number): Promise<Ext4Extent[]> {
  const view = byteFields(inode.block);
  const extents: Ext4Extent[] = [];
  const add = (fileBlock: number, diskBlock: number): void => {
    if (diskBlock === 0 || fileBlock >= blocks) return;
    if (diskBlock >= io.sb.blocksCount) {
      throw corrupt(
        'ext4',
        `inode ${inode.number} maps file block ${fileBlock} to block ${diskBlock}, past the end`,
        {
          field: 'i_block',
          expected: `< ${io.sb.blocksCount}`,
          actual: String(diskBlock),
        },
      );
    }
    const last = extents[extents.length - 1];
    // Consecutive blocks merge into one run, so a contiguous file is read in one piece.
    if (last && last.fileBlock + last.length === fileBlock && last.diskBlock + last.length === diskBlock) {
      extents[extents.length - 1] = { ...last, length: last.length + 1 };
    } else {
      extents.push({ fileBlock, length: 1, diskBlock, uninitialized: false });
    }
  };
  for (let i = 0; i < DIRECT_POINTERS; i++) add(i, view.u32le(i * 4));
  const perBlock = io.sb.blockSize / 4;
  let first = DIRECT_POINTERS;
  for (const level of INDIRECT_LEVELS) {
    if (first >= blocks) break;
    await walkIndirect(io, view.u32le((DIRECT_POINTERS + level - 1) * 4), level, first, blocks, add);
    first += perBlock ** level;
  }
  return extents;
}

async function walkIndirect(
  io: Ext4Io,
  pointer: number,
  level: number,
  firstFileBlock: number,
  blocks: number,
  add: (fileBlock: number, diskBlock: number) => void,
): Promise<void> {
  if (pointer === 0 || firstFileBlock >= blocks) return;
  if (pointer >= io.sb.blocksCount) {
    throw corrupt('ext4', `indirect block pointer ${pointer} lies past the end`, { field: 'i_block' });
  }
  const bytes = await readRange(
    io.source,
    io.range,
    pointer * io.sb.blockSize,
    io.sb.blockSize,
    'ext4 indirect block',
  );
  const view = byteFields(bytes);
  const perBlock = io.sb.blockSize / 4;
  const span = perBlock ** (level - 1);
  for (let i = 0; i < perBlock; i++) {
    const fileBlock = firstFileBlock + i * span;
    if (fileBlock >= blocks) return;
    const next = view.u32le(i * 4);
    if (level === 1) add(fileBlock, next);
    else await walkIndirect(io, next, level - 1, fileBlock, blocks, add);
  }
}
