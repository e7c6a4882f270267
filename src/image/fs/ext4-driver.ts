/**
 * The ext4 driver: inodes through group descriptors, data through extent trees, linear
 * directories, fast and slow symbolic links.
 * @module
 */
import { readRange, type ByteSource, type PartitionRange } from './byte-source.js';
import { decodeExt4Directory } from './ext4-directory.js';
import { readExtentData } from './ext4-file-data.js';
import type { Ext4Io } from './ext4-io.js';
import {
  decodeExt4Inode,
  EXT4_EXTENTS_FL,
  EXT4_INLINE_DATA_FL,
  groupDescriptorOffset,
  I_BLOCK_SIZE,
  inodeLocation,
  inodeTableBlock,
  ROOT_INODE,
  type Ext4Inode,
} from './ext4-inode.js';
import { decodeExt4Superblock, INCOMPAT, SUPERBLOCK_OFFSET, SUPERBLOCK_SIZE } from './ext4-superblock.js';
import type { FsChild, FsDriver } from './fs-driver.js';
import { corrupt, unsupported } from './fs-error.js';

/** Directories larger than this are refused (a million entries is far beyond any OS image). */
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;
/** Symbolic link targets are at most PATH_MAX bytes. */
const MAX_LINK_BYTES = 4096;

/** Opens an ext4 (or ext2/ext3) filesystem: decodes the superblock; inodes are read on demand. */
export async function openExt4(source: ByteSource, range: PartitionRange): Promise<FsDriver<Ext4Inode>> {
  const superblockBytes = await readRange(
    source,
    range,
    SUPERBLOCK_OFFSET,
    SUPERBLOCK_SIZE,
    'ext4 superblock',
  );
  const sb = decodeExt4Superblock(superblockBytes, range.size);
  const io: Ext4Io = { source, range, sb };
  const hasFileType = (sb.incompat & INCOMPAT.FILETYPE) !== 0;
  const root = await readInode(io, ROOT_INODE);
  if (root.type !== 'dir')
    throw corrupt('ext4', `root inode ${ROOT_INODE} is a ${root.type}, not a directory`);
  return {
    kind: 'ext4',
    label: sb.label,
    uuid: sb.uuid,
    caseInsensitive: false,
    root: () => Promise.resolve(root),
    async children(dir) {
      const bytes = await readData(io, dir, MAX_DIRECTORY_BYTES, 'directory');
      const children: FsChild<Ext4Inode>[] = [];
      for (const entry of decodeExt4Directory(bytes, sb.blockSize, hasFileType)) {
        const load = (): Promise<Ext4Inode> => readInode(io, entry.inode);
        // Without the filetype feature only the inode knows what an entry is.
        const type = entry.type ?? (await load()).type;
        children.push({ name: entry.name, type, load });
      }
      return children;
    },
    readLink: (link) => readLink(io, link),
    readFile: (file) => readData(io, file, file.size, 'file'),
  };
}

async function readInode(io: Ext4Io, number: number): Promise<Ext4Inode> {
  const { sb } = io;
  const { group, index } = inodeLocation(sb, number);
  const descriptor = await readRange(
    io.source,
    io.range,
    groupDescriptorOffset(sb, group),
    sb.descSize,
    `ext4 group ${group} descriptor`,
  );
  const table = inodeTableBlock(descriptor, sb.descSize);
  const offset = table * sb.blockSize + index * sb.inodeSize;
  return decodeExt4Inode(
    await readRange(io.source, io.range, offset, sb.inodeSize, `ext4 inode ${number}`),
    number,
  );
}

async function readData(io: Ext4Io, inode: Ext4Inode, maxBytes: number, what: string): Promise<Uint8Array> {
  if (inode.size > maxBytes) {
    throw corrupt('ext4', `${what} inode ${inode.number} claims ${inode.size} bytes (limit ${maxBytes})`, {
      field: 'i_size',
      actual: String(inode.size),
    });
  }
  if (inode.flags & EXT4_INLINE_DATA_FL) {
    throw unsupported('ext4', `inode ${inode.number} keeps its data inline (inline_data)`, {
      field: 'i_flags',
    });
  }
  return readExtentData(io, inode);
}

/** Fast links keep their text in i_block (no extents flag, under 60 bytes); slow ones in data blocks. */
async function readLink(io: Ext4Io, link: Ext4Inode): Promise<string> {
  if (link.size > MAX_LINK_BYTES || link.size === 0) {
    throw corrupt('ext4', `symbolic link inode ${link.number} has length ${link.size}`, {
      field: 'i_size',
      expected: `1..${MAX_LINK_BYTES}`,
      actual: String(link.size),
    });
  }
  const fast = link.size < I_BLOCK_SIZE && !(link.flags & (EXT4_EXTENTS_FL | EXT4_INLINE_DATA_FL));
  const bytes = fast
    ? link.block.subarray(0, link.size)
    : await readData(io, link, MAX_LINK_BYTES, 'symbolic link');
  return new TextDecoder().decode(bytes);
}
