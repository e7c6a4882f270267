/**
 * The FAT12/16/32 driver: directories and files read through cluster chains.
 * @module
 */
import { readRange, type ByteSource, type PartitionRange } from './byte-source.js';
import { decodeFatBootSector, type FatGeometry } from './fat-boot-sector.js';
import { decodeFatDirectory, type FatDirEntry } from './fat-directory.js';
import { clusterChain, clusterRuns } from './fat-table.js';
import type { FsChild, FsDriver, FsNode } from './fs-driver.js';
import { corrupt } from './fs-error.js';

/** A FAT file or directory: where its chain starts. `root` marks the FAT12/16 fixed root. */
export interface FatNode extends FsNode {
  readonly firstCluster: number;
  readonly root?: boolean;
}

/** A FAT table larger than this is refused (a 2 TiB FAT32 volume with 4 KiB clusters needs 2 GiB). */
const MAX_FAT_BYTES = 256 * 1024 * 1024;
/** fatgen103: a directory holds at most 65536 entries of 32 bytes. */
const MAX_DIRECTORY_BYTES = 65536 * 32;

/** Opens a FAT volume: decodes the boot sector and loads the first FAT on first use. */
export async function openFat(source: ByteSource, range: PartitionRange): Promise<FsDriver<FatNode>> {
  const geometry = decodeFatBootSector(
    await readRange(source, range, 0, 512, 'vfat boot sector'),
    range.size,
  );
  if (geometry.fatBytes > MAX_FAT_BYTES) {
    throw corrupt('vfat', `FAT of ${geometry.fatBytes} bytes is larger than ${MAX_FAT_BYTES}`, {
      field: 'BPB_FATSz',
    });
  }
  let table: Promise<Uint8Array> | undefined;
  const reader: FatReader = {
    source,
    range,
    geometry,
    table: () => (table ??= readRange(source, range, geometry.fatOffset, geometry.fatBytes, 'vfat FAT')),
  };
  const rootNode: FatNode = {
    type: 'dir',
    size: 0,
    firstCluster: geometry.rootCluster,
    root: geometry.fatType !== 32,
  };
  const rootEntries = await readDirectory(reader, rootNode);
  const labelEntry = rootEntries.find((entry) => entry.isVolumeLabel);
  return {
    kind: 'vfat',
    label: labelEntry ? labelEntry.name : geometry.bootLabel,
    uuid: geometry.serial,
    caseInsensitive: true,
    root: () => Promise.resolve(rootNode),
    children: async (dir) => (await readDirectory(reader, dir)).filter(isListed).map(toChild),
    readLink: () => Promise.reject(corrupt('vfat', 'FAT has no symbolic links')),
    readFile: (file) => readChain(reader, file.firstCluster, file.size, 'file'),
  };
}

interface FatReader {
  readonly source: ByteSource;
  readonly range: PartitionRange;
  readonly geometry: FatGeometry;
  table(): Promise<Uint8Array>;
}

function isListed(entry: FatDirEntry): boolean {
  return !entry.isVolumeLabel && entry.name !== '.' && entry.name !== '..';
}

function toChild(entry: FatDirEntry): FsChild<FatNode> {
  const node: FatNode = {
    type: entry.isDirectory ? 'dir' : 'file',
    size: entry.isDirectory ? 0 : entry.size,
    firstCluster: entry.firstCluster,
  };
  return { name: entry.name, type: node.type, load: () => Promise.resolve(node) };
}

async function readDirectory(reader: FatReader, dir: FatNode): Promise<FatDirEntry[]> {
  const { geometry } = reader;
  const bytes = dir.root
    ? await readRange(
        reader.source,
        reader.range,
        geometry.rootDirOffset,
        geometry.rootDirBytes,
        'vfat root directory',
      )
    : await readChain(reader, dir.firstCluster, undefined, 'directory');
  return decodeFatDirectory(bytes);
}

/** Reads a chain: `size` bytes of it for a file, the whole chain for a directory. */
async function readChain(
  reader: FatReader,
  first: number,
  size: number | undefined,
  what: string,
): Promise<Uint8Array> {
  if (size === 0) return new Uint8Array(0);
  const { geometry } = reader;
  const chain = clusterChain(await reader.table(), geometry, first);
  const chainBytes = chain.length * geometry.clusterBytes;
  const wanted = size ?? Math.min(chainBytes, MAX_DIRECTORY_BYTES);
  if (chainBytes < wanted) {
    throw corrupt('vfat', `${what} of ${wanted} bytes has a chain of only ${chain.length} clusters`, {
      field: 'DIR_FileSize',
      expected: `<= ${chainBytes}`,
      actual: String(wanted),
    });
  }
  const out = new Uint8Array(wanted);
  let filled = 0;
  for (const [cluster, count] of clusterRuns(chain)) {
    if (filled >= wanted) break;
    const length = Math.min(count * geometry.clusterBytes, wanted - filled);
    const offset = geometry.dataOffset + (cluster - 2) * geometry.clusterBytes;
    out.set(await readRange(reader.source, reader.range, offset, length, `vfat ${what} data`), filled);
    filled += length;
  }
  return out;
}
