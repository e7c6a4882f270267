/**
 * Reads an inode's bytes by walking its extent tree (any depth) or, for ext2/ext3-style inodes,
 * its block map; holes and uninitialised extents read as zeros.
 * @module
 */
import { readRange } from './byte-source.js';
import { decodeExtentNode, type Ext4Extent } from './ext4-extent.js';
import { EXT4_EXTENTS_FL, type Ext4Inode } from './ext4-inode.js';
import { blockMapExtents } from './ext4-block-map.js';
import type { Ext4Io } from './ext4-io.js';
import { corrupt } from './fs-error.js';

/** The first `inode.size` bytes of the inode's data (extent-mapped or block-mapped). */
export async function readExtentData(io: Ext4Io, inode: Ext4Inode): Promise<Uint8Array> {
  const out = new Uint8Array(inode.size);
  if (inode.size === 0) return out;
  const { blockSize } = io.sb;
  const blocksNeeded = Math.ceil(inode.size / blockSize);
  const extents =
    inode.flags & EXT4_EXTENTS_FL
      ? await leafExtents(io, inode)
      : await blockMapExtents(io, inode, blocksNeeded);
  for (const extent of extents) {
    if (extent.uninitialized || extent.fileBlock >= blocksNeeded) continue;
    if (extent.diskBlock + extent.length > io.sb.blocksCount) {
      throw corrupt(
        'ext4',
        `inode ${inode.number} maps blocks ${extent.diskBlock}+${extent.length} past the filesystem end`,
        {
          field: 'ee_start',
          expected: `< ${io.sb.blocksCount}`,
          actual: String(extent.diskBlock + extent.length),
        },
      );
    }
    const start = extent.fileBlock * blockSize;
    const length = Math.min(extent.length * blockSize, inode.size - start);
    const bytes = await readRange(
      io.source,
      io.range,
      extent.diskBlock * blockSize,
      length,
      `ext4 inode ${inode.number} data`,
    );
    out.set(bytes, start);
  }
  return out;
}

/** All leaf extents of the inode's tree, in file order. */
async function leafExtents(io: Ext4Io, inode: Ext4Inode): Promise<Ext4Extent[]> {
  const extents: Ext4Extent[] = [];
  const walk = async (bytes: Uint8Array, at: string, expectedDepth: number | undefined): Promise<void> => {
    const node = decodeExtentNode(bytes, at);
    if (expectedDepth !== undefined && node.depth !== expectedDepth) {
      throw corrupt('ext4', `extent node ${at} has depth ${node.depth}, its parent says ${expectedDepth}`, {
        field: 'eh_depth',
        expected: String(expectedDepth),
        actual: String(node.depth),
      });
    }
    if ('extents' in node) {
      extents.push(...node.extents);
      return;
    }
    for (const child of node.children) {
      if (child.diskBlock >= io.sb.blocksCount) {
        throw corrupt(
          'ext4',
          `extent index of inode ${inode.number} points at block ${child.diskBlock}, past the end`,
          {
            field: 'ei_leaf',
          },
        );
      }
      const block = await readRange(
        io.source,
        io.range,
        child.diskBlock * io.sb.blockSize,
        io.sb.blockSize,
        'ext4 extent block',
      );
      await walk(block, `block ${child.diskBlock} of inode ${inode.number}`, node.depth - 1);
    }
  };
  await walk(inode.block, `inode ${inode.number}`, undefined);
  return extents;
}
