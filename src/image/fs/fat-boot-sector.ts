/**
 * FAT boot sector (BIOS parameter block) decoder and FAT12/16/32 type determination.
 * Microsoft "FAT: General Overview of On-Disk Format" (fatgen103), sections 3 and 4.
 * @module
 */
import { corrupt } from './fs-error.js';
import { byteFields } from '../binary/byte-fields.js';

/** @internal */
export const BYTES_PER_SECTOR = 11; // u16
/** @internal */
export const SECTORS_PER_CLUSTER = 13; // u8
/** @internal */
export const RESERVED_SECTORS = 14; // u16
/** @internal */
export const NUM_FATS = 16; // u8
/** @internal */
export const ROOT_ENTRIES = 17; // u16, 0 on FAT32
/** @internal */
export const TOTAL_SECTORS_16 = 19; // u16
/** @internal */
export const FAT_SIZE_16 = 22; // u16, 0 on FAT32
/** @internal */
export const TOTAL_SECTORS_32 = 32; // u32
const FAT32_FAT_SIZE = 36; // u32
const FAT32_ROOT_CLUSTER = 44; // u32
/** @internal */
export const FAT16_VOLUME_ID = 39; // u32
/** @internal */
export const FAT16_LABEL = 43; // 11 bytes
const FAT32_VOLUME_ID = 67;
const FAT32_LABEL = 71;
/** @internal */
export const SIGNATURE_OFFSET = 510; // 0x55 0xAA
/** fatgen103: fewer than 4085 clusters is FAT12, fewer than 65525 FAT16, else FAT32. */
/** @internal */
export const FAT12_MAX_CLUSTERS = 4085;
/** @internal */
export const FAT16_MAX_CLUSTERS = 65525;
/** @internal */
export const DIR_ENTRY_SIZE = 32;

/** The geometry of a FAT volume, in bytes relative to the partition start. */
export interface FatGeometry {
  readonly fatType: 12 | 16 | 32;
  readonly bytesPerSector: number;
  readonly clusterBytes: number;
  /** Offset of the first FAT. */
  readonly fatOffset: number;
  /** Size of one FAT in bytes. */
  readonly fatBytes: number;
  /** FAT12/16 fixed root directory: offset and size; FAT32: 0 and 0. */
  readonly rootDirOffset: number;
  readonly rootDirBytes: number;
  /** FAT32 root directory's first cluster (0 on FAT12/16). */
  readonly rootCluster: number;
  /** Offset of cluster 2, the first data cluster. */
  readonly dataOffset: number;
  readonly clusterCount: number;
  /** Label from the boot sector, trimmed ('' for `NO NAME`). */
  readonly bootLabel: string;
  /** Volume serial as blkid writes it (`1234-ABCD`). */
  readonly serial: string;
}

/** Whether the first sector looks like a FAT boot sector (used for detection, no throw). */
export function looksLikeFat(sector: Uint8Array): boolean {
  if (sector.byteLength < 512) return false;
  const view = byteFields(sector);
  const bps = view.u16le(BYTES_PER_SECTOR);
  const spc = sector[SECTORS_PER_CLUSTER]!;
  const jump = sector[0] === 0xeb || sector[0] === 0xe9;
  return (
    jump &&
    view.u16le(SIGNATURE_OFFSET) === 0xaa55 &&
    [512, 1024, 2048, 4096].includes(bps) &&
    spc > 0 &&
    (spc & (spc - 1)) === 0 &&
    sector[NUM_FATS]! > 0 &&
    view.u16le(RESERVED_SECTORS) > 0
  );
}

/** Decodes the boot sector; CORRUPT_DATA names the field that makes no sense. */
export function decodeFatBootSector(sector: Uint8Array, partitionSize: number): FatGeometry {
  if (!looksLikeFat(sector))
    throw corrupt('vfat', 'boot sector has no valid BIOS parameter block', { offset: 0 });
  const view = byteFields(sector);
  const bytesPerSector = view.u16le(BYTES_PER_SECTOR);
  const reserved = view.u16le(RESERVED_SECTORS);
  const numFats = sector[NUM_FATS]!;
  const rootEntries = view.u16le(ROOT_ENTRIES);
  const fatSectors = view.u16le(FAT_SIZE_16) || view.u32le(FAT32_FAT_SIZE);
  const totalSectors = view.u16le(TOTAL_SECTORS_16) || view.u32le(TOTAL_SECTORS_32);
  const rootDirSectors = Math.ceil((rootEntries * DIR_ENTRY_SIZE) / bytesPerSector);
  const firstDataSector = reserved + numFats * fatSectors + rootDirSectors;
  if (fatSectors === 0 || totalSectors <= firstDataSector) {
    throw corrupt(
      'vfat',
      `sizes do not add up: ${totalSectors} sectors, data would start at ${firstDataSector}`,
      {
        field: 'BPB_TotSec',
        actual: String(totalSectors),
      },
    );
  }
  if (totalSectors * bytesPerSector > partitionSize) {
    throw corrupt(
      'vfat',
      `volume of ${totalSectors * bytesPerSector} bytes exceeds its ${partitionSize}-byte partition`,
      {
        field: 'BPB_TotSec',
        expected: `<= ${partitionSize / bytesPerSector}`,
        actual: String(totalSectors),
      },
    );
  }
  const clusterCount = Math.floor((totalSectors - firstDataSector) / sector[SECTORS_PER_CLUSTER]!);
  const fatType = clusterCount < FAT12_MAX_CLUSTERS ? 12 : clusterCount < FAT16_MAX_CLUSTERS ? 16 : 32;
  // Entries 0 and 1 are reserved, so the FAT covers clusterCount + 2 entries (FAT12: 1.5 bytes each).
  const fatBytesNeeded = Math.ceil(((clusterCount + 2) * fatType) / 8);
  if (fatSectors * bytesPerSector < fatBytesNeeded) {
    throw corrupt(
      'vfat',
      `a FAT of ${fatSectors * bytesPerSector} bytes cannot map ${clusterCount} clusters`,
      {
        field: 'BPB_FATSz',
        expected: `>= ${fatBytesNeeded} bytes`,
        actual: String(fatSectors * bytesPerSector),
      },
    );
  }
  const labelAt = fatType === 32 ? FAT32_LABEL : FAT16_LABEL;
  const serial = view.u32le(fatType === 32 ? FAT32_VOLUME_ID : FAT16_VOLUME_ID);
  const hex = serial.toString(16).toUpperCase().padStart(8, '0');
  return {
    fatType,
    bytesPerSector,
    clusterBytes: sector[SECTORS_PER_CLUSTER]! * bytesPerSector,
    fatOffset: reserved * bytesPerSector,
    fatBytes: fatSectors * bytesPerSector,
    rootDirOffset: fatType === 32 ? 0 : (reserved + numFats * fatSectors) * bytesPerSector,
    rootDirBytes: fatType === 32 ? 0 : rootDirSectors * bytesPerSector,
    rootCluster: fatType === 32 ? view.u32le(FAT32_ROOT_CLUSTER) : 0,
    dataOffset: firstDataSector * bytesPerSector,
    clusterCount,
    bootLabel: fatLabel(sector.subarray(labelAt, labelAt + 11)),
    serial: `${hex.slice(0, 4)}-${hex.slice(4)}`,
  };
}

/** An 11-byte space-padded label; `NO NAME` means none. */
export function fatLabel(bytes: Uint8Array): string {
  const text = String.fromCharCode(...bytes).replace(/[\0 ]+$/, '');
  return text === 'NO NAME' ? '' : text;
}
