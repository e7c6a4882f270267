/**
 * A FAT16 writer for small data volumes (the cloud-init NoCloud seed): formats a volume of a given
 * size and places files in its root directory, with VFAT long names, in one pass. The result is a
 * list of byte ranges to write at the partition's start, so a partition of 16 MiB costs a few KiB of
 * writes. Offsets and rules are the FAT reader's (fatgen103 sections 3, 4, 6 and 7); what the
 * writer adds is the choice of geometry and the encoding.
 * @module
 */
import {
  BYTES_PER_SECTOR,
  DIR_ENTRY_SIZE,
  FAT12_MAX_CLUSTERS,
  FAT16_LABEL,
  FAT16_MAX_CLUSTERS,
  FAT16_VOLUME_ID,
  FAT_SIZE_16,
  NUM_FATS,
  RESERVED_SECTORS,
  ROOT_ENTRIES,
  SECTORS_PER_CLUSTER,
  SIGNATURE_OFFSET,
  TOTAL_SECTORS_16,
  TOTAL_SECTORS_32,
} from './fat-boot-sector.js';
import {
  ATTR,
  ATTR_LONG_NAME,
  ATTR_VOLUME_ID,
  FILE_SIZE,
  FIRST_CLUSTER_LO,
  LFN_CHAR_OFFSETS,
  LFN_CHECKSUM,
  LFN_LAST,
  NAME,
  shortNameChecksum,
} from './fat-directory.js';
import { byteFields } from '../binary/byte-fields.js';

const SECTOR = 512;
const RESERVED = 1;
const FATS = 2;
const ROOT_DIR_ENTRIES = 512;
const MEDIA_FIXED_DISK = 0xf8;
const OFF_MEDIA = 21;
const OFF_SECTORS_PER_TRACK = 24;
const OFF_HEADS = 26;
const OFF_HIDDEN_SECTORS = 28;
const OFF_DRIVE_NUMBER = 36;
const OFF_BOOT_SIGNATURE = 38;
const OFF_FS_TYPE = 54;
const ATTR_ARCHIVE = 0x20;
const OFF_TIME = 22;
const OFF_DATE = 24;
const END_OF_CHAIN = 0xffff;

/** One file of the root directory. */
export interface FatFile {
  /** Long name (up to 255 UTF-16 units, no `/`). */
  readonly name: string;
  readonly data: Uint8Array;
}

/** Input of {@link buildFat16}. */
export interface Fat16Options {
  /** Volume size in bytes (the partition's). */
  readonly sizeBytes: number;
  /** Volume label, up to 11 characters of A-Z 0-9 and `_-` (written upper-case, as mkfs.fat does). */
  readonly label: string;
  /** Volume serial (random in practice; tests fix it). */
  readonly serial: number;
  /** LBA of the partition on its disk (the BPB's hidden sectors). */
  readonly hiddenSectors?: number;
  /** Timestamp of the files; default now. */
  readonly date?: Date;
  readonly files: readonly FatFile[];
}

/** A range to write, relative to the volume's first byte. */
export interface FatWrite {
  readonly offset: number;
  readonly bytes: Uint8Array;
}

interface Geometry {
  readonly totalSectors: number;
  readonly sectorsPerCluster: number;
  readonly fatSectors: number;
  readonly clusters: number;
  readonly rootOffset: number;
  readonly dataOffset: number;
}

/** The smallest cluster size that keeps the cluster count in FAT16's range; RangeError if none. */
export function fat16Geometry(sizeBytes: number): Geometry {
  const totalSectors = Math.floor(sizeBytes / SECTOR);
  const rootSectors = (ROOT_DIR_ENTRIES * DIR_ENTRY_SIZE) / SECTOR;
  for (let spc = 1; spc <= 64; spc *= 2) {
    let fatSectors = 1;
    let clusters = 0;
    // The FAT's size depends on the cluster count and back: iterate until stable.
    for (let i = 0; i < 8; i++) {
      clusters = Math.floor((totalSectors - RESERVED - FATS * fatSectors - rootSectors) / spc);
      fatSectors = Math.ceil(((clusters + 2) * 2) / SECTOR);
    }
    if (clusters >= FAT12_MAX_CLUSTERS && clusters < FAT16_MAX_CLUSTERS) {
      const rootOffset = (RESERVED + FATS * fatSectors) * SECTOR;
      return {
        totalSectors,
        sectorsPerCluster: spc,
        fatSectors,
        clusters,
        rootOffset,
        dataOffset: rootOffset + rootSectors * SECTOR,
      };
    }
    if (clusters < FAT12_MAX_CLUSTERS) break;
  }
  throw new RangeError(`a FAT16 volume needs 2..2047 MiB; ${sizeBytes} bytes is outside that range`);
}

/** Formats a FAT16 volume holding `files` in its root; the ranges cover every metadata byte. */
export function buildFat16(options: Fat16Options): FatWrite[] {
  const label = checkLabel(options.label);
  const geometry = fat16Geometry(options.sizeBytes);
  const clusterBytes = geometry.sectorsPerCluster * SECTOR;
  const fat = new Uint8Array(geometry.fatSectors * SECTOR);
  const fatView = byteFields(fat);
  fatView.setU16le(0, 0xff00 | MEDIA_FIXED_DISK);
  fatView.setU16le(2, END_OF_CHAIN); // clean, no I/O errors
  const root = new Uint8Array(ROOT_DIR_ENTRIES * DIR_ENTRY_SIZE);
  let slot = 0;
  root.set(directoryEntry(padName(label), ATTR_VOLUME_ID, 0, 0, options.date), 0);
  slot++;
  const writes: FatWrite[] = [];
  const shortNames = new Set<string>();
  let cluster = 2;
  for (const file of options.files) {
    const count = Math.ceil(file.data.length / clusterBytes);
    if (cluster + count - 2 > geometry.clusters)
      throw new RangeError(`the files do not fit a ${options.sizeBytes}-byte FAT16 volume`);
    for (let i = 0; i < count; i++)
      fatView.setU16le((cluster + i) * 2, i === count - 1 ? END_OF_CHAIN : cluster + i + 1);
    const short = shortName(file.name, shortNames);
    const entries = [
      ...longNameEntries(file.name, short),
      directoryEntry(short, ATTR_ARCHIVE, count ? cluster : 0, file.data.length, options.date),
    ];
    if (slot + entries.length > ROOT_DIR_ENTRIES)
      throw new RangeError('too many files for the root directory');
    for (const entry of entries) root.set(entry, slot++ * DIR_ENTRY_SIZE);
    if (count)
      writes.push({
        offset: geometry.dataOffset + (cluster - 2) * clusterBytes,
        bytes: padTo(file.data, count * clusterBytes),
      });
    cluster += count;
  }
  const boot = bootSector(geometry, label, options);
  writes.unshift(
    { offset: 0, bytes: boot },
    { offset: RESERVED * SECTOR, bytes: fat },
    { offset: (RESERVED + geometry.fatSectors) * SECTOR, bytes: fat },
    { offset: geometry.rootOffset, bytes: root },
  );
  return writes;
}

function bootSector(g: Geometry, label: string, options: Fat16Options): Uint8Array {
  const sector = new Uint8Array(SECTOR);
  const view = byteFields(sector);
  sector.set([0xeb, 0x3c, 0x90], 0); // jump over the BPB
  sector.set(ascii('EDGEORCH'), 3);
  view.setU16le(BYTES_PER_SECTOR, SECTOR);
  sector[SECTORS_PER_CLUSTER] = g.sectorsPerCluster;
  view.setU16le(RESERVED_SECTORS, RESERVED);
  sector[NUM_FATS] = FATS;
  view.setU16le(ROOT_ENTRIES, ROOT_DIR_ENTRIES);
  if (g.totalSectors < 0x10000) view.setU16le(TOTAL_SECTORS_16, g.totalSectors);
  else view.setU32le(TOTAL_SECTORS_32, g.totalSectors);
  sector[OFF_MEDIA] = MEDIA_FIXED_DISK;
  view.setU16le(FAT_SIZE_16, g.fatSectors);
  view.setU16le(OFF_SECTORS_PER_TRACK, 32);
  view.setU16le(OFF_HEADS, 64);
  view.setU32le(OFF_HIDDEN_SECTORS, options.hiddenSectors ?? 0);
  sector[OFF_DRIVE_NUMBER] = 0x80;
  sector[OFF_BOOT_SIGNATURE] = 0x29; // the volume id, label and type fields follow
  view.setU32le(FAT16_VOLUME_ID, options.serial >>> 0);
  sector.set(ascii(padName(label)), FAT16_LABEL);
  sector.set(ascii('FAT16   '), OFF_FS_TYPE);
  sector[62] = 0xcd; // boot code: int 18h (no bootable OS here), then halt
  sector[63] = 0x18;
  sector[64] = 0xf4;
  view.setU16le(SIGNATURE_OFFSET, 0xaa55);
  return sector;
}

function checkLabel(label: string): string {
  const upper = label.toUpperCase();
  if (!/^[A-Z0-9_-]{1,11}$/.test(upper))
    throw new RangeError(`FAT label "${label}" must be 1..11 of A-Z 0-9 _ -`);
  return upper;
}

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const padName = (text: string): string => text.padEnd(11, ' ');

function padTo(data: Uint8Array, length: number): Uint8Array {
  if (data.length === length) return data;
  const padded = new Uint8Array(length);
  padded.set(data);
  return padded;
}

/** The 11-byte 8.3 name: the name itself when it is a valid upper-case 8.3 name, else a `~N` alias. */
function shortName(name: string, taken: Set<string>): string {
  const exact = /^([A-Z0-9_$~!#%&'(){}^`-]{1,8})(?:\.([A-Z0-9_$~!#%&'(){}^`-]{1,3}))?$/.exec(name);
  if (exact) return record(taken, exact[1]!.padEnd(8, ' ') + (exact[2] ?? '').padEnd(3, ' '));
  const dot = name.lastIndexOf('.');
  const clean = (s: string): string => s.toUpperCase().replace(/[^A-Z0-9_-]/g, '');
  const base = clean(dot > 0 ? name.slice(0, dot) : name) || 'FILE';
  const ext = clean(dot > 0 ? name.slice(dot + 1) : '').slice(0, 3);
  for (let n = 1; n < 1000; n++) {
    const tail = `~${n}`;
    const candidate = base.slice(0, 8 - tail.length) + tail;
    const full = candidate.padEnd(8, ' ') + ext.padEnd(3, ' ');
    if (!taken.has(full)) return record(taken, full);
  }
  throw new RangeError(`no free short name for "${name}"`);
}

function record(taken: Set<string>, name: string): string {
  if (taken.has(name)) throw new RangeError(`two files share the short name "${name}"`);
  taken.add(name);
  return name;
}

/** VFAT long-name entries, last part first as they sit before the short entry; none for a pure 8.3 name. */
function longNameEntries(name: string, short: string): Uint8Array[] {
  const base = short.slice(0, 8).trimEnd();
  const ext = short.slice(8).trimEnd();
  if ((ext ? `${base}.${ext}` : base) === name) return [];
  if (name.length > 255 || name.includes('/'))
    throw new RangeError(`"${name}" is not a valid long file name`);
  const checksum = shortNameChecksum(ascii(short));
  const parts = Math.ceil(name.length / 13);
  const entries: Uint8Array[] = [];
  for (let part = parts; part >= 1; part--) {
    const entry = new Uint8Array(DIR_ENTRY_SIZE);
    const view = byteFields(entry);
    entry[0] = part | (part === parts ? LFN_LAST : 0);
    entry[ATTR] = ATTR_LONG_NAME;
    entry[LFN_CHECKSUM] = checksum;
    for (const [i, offset] of LFN_CHAR_OFFSETS.entries()) {
      const at = (part - 1) * 13 + i;
      // The name ends with one NUL, then 0xFFFF fills the rest of the part.
      view.setU16le(offset, at < name.length ? name.charCodeAt(at) : at === name.length ? 0 : 0xffff);
    }
    entries.push(entry);
  }
  return entries;
}

function directoryEntry(
  name11: string,
  attr: number,
  firstCluster: number,
  size: number,
  date = new Date(),
): Uint8Array {
  const entry = new Uint8Array(DIR_ENTRY_SIZE);
  const view = byteFields(entry);
  entry.set(ascii(name11), NAME);
  entry[ATTR] = attr;
  const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
  const day =
    ((Math.max(1980, date.getUTCFullYear()) - 1980) << 9) |
    ((date.getUTCMonth() + 1) << 5) |
    date.getUTCDate();
  for (const off of [OFF_TIME, 14]) view.setU16le(off, time); // write and creation time
  for (const off of [OFF_DATE, 16, 18]) view.setU16le(off, day); // write, creation, access date
  view.setU16le(FIRST_CLUSTER_LO, firstCluster);
  view.setU32le(FILE_SIZE, size);
  return entry;
}
