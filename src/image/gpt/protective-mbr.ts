/**
 * Master Boot Record codec, as far as GPT needs it: the protective MBR (UEFI 2.10, section 5.2.3,
 * table 5.4) and reading the four primary partitions of a legacy MBR (section 5.2.1, table 5.1).
 * @module
 */
import { byteFields } from '../binary/byte-fields.js';

/** Bytes of the MBR structure (the rest of LBA 0 on a 4 KiB-sector disk is unused). */
export const MBR_SIZE = 512;
/** OS type of the protective partition. */
export const MBR_TYPE_GPT_PROTECTIVE = 0xee;

const OFF_PARTITIONS = 446;
const PARTITION_RECORD_SIZE = 16;
const OFF_BOOT_SIGNATURE = 510;
const BOOT_SIGNATURE = 0xaa55;
/** Largest sector count an MBR record holds; bigger disks get this value (spec: 0xFFFFFFFF). */
const MAX_SECTORS = 0xffffffff;

/** One primary partition record of an MBR. */
export interface MbrPartition {
  /** 1..4. */
  readonly number: number;
  /** Boot indicator (0x80: legacy bootable). */
  readonly status: number;
  /** OS type byte (0xEE: GPT protective, 0x83: Linux, 0x0C: FAT32 LBA...). */
  readonly type: number;
  /** Starting LBA. */
  readonly firstLba: number;
  /** Size in sectors. */
  readonly sectorCount: number;
}

/** True when the 0x55AA boot signature closes the first 512 bytes. */
export function hasMbrSignature(bytes: Uint8Array): boolean {
  return (
    bytes.length >= MBR_SIZE && bytes[OFF_BOOT_SIGNATURE] === 0x55 && bytes[OFF_BOOT_SIGNATURE + 1] === 0xaa
  );
}

/** The non-empty partition records (type not 0) of the MBR at `bytes[0]`; [] without a boot signature. */
export function decodeMbrPartitions(bytes: Uint8Array): MbrPartition[] {
  if (!hasMbrSignature(bytes)) return [];
  const dv = byteFields(bytes.subarray(0, MBR_SIZE));
  const partitions: MbrPartition[] = [];
  for (let i = 0; i < 4; i++) {
    const at = OFF_PARTITIONS + i * PARTITION_RECORD_SIZE;
    const type = dv.u8(at + 4);
    if (type === 0) continue;
    partitions.push({
      number: i + 1,
      status: dv.u8(at),
      type,
      firstLba: dv.u32le(at + 8),
      sectorCount: dv.u32le(at + 12),
    });
  }
  return partitions;
}

/** True when the MBR holds exactly one partition, of type 0xEE starting at LBA 1 (not a hybrid MBR). */
export function isProtectiveMbr(bytes: Uint8Array): boolean {
  const parts = decodeMbrPartitions(bytes);
  return parts.length === 1 && parts[0]!.type === MBR_TYPE_GPT_PROTECTIVE && parts[0]!.firstLba === 1;
}

/**
 * Writes a protective MBR into `target` (its first 512 bytes; boot code area left untouched):
 * one 0xEE record from LBA 1 over the rest of the disk, capped at 0xFFFFFFFF sectors.
 * @param totalSectors logical sectors of the whole disk.
 */
export function writeProtectiveMbr(target: Uint8Array, totalSectors: bigint): void {
  const dv = byteFields(target.subarray(0, MBR_SIZE));
  target.fill(0, OFF_PARTITIONS, OFF_BOOT_SIGNATURE);
  const at = OFF_PARTITIONS;
  const size = totalSectors - 1n > BigInt(MAX_SECTORS) ? MAX_SECTORS : Number(totalSectors - 1n);
  // CHS start 0/0/2 (= LBA 1) and CHS end 0xFFFFFF, as the specification prescribes.
  dv.setU8(at + 1, 0x00);
  dv.setU8(at + 2, 0x02);
  dv.setU8(at + 3, 0x00);
  dv.setU8(at + 4, MBR_TYPE_GPT_PROTECTIVE);
  dv.setU8(at + 5, 0xff);
  dv.setU8(at + 6, 0xff);
  dv.setU8(at + 7, 0xff);
  dv.setU32le(at + 8, 1);
  dv.setU32le(at + 12, size);
  dv.setU16le(OFF_BOOT_SIGNATURE, BOOT_SIGNATURE);
}
