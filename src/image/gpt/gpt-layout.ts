/**
 * Where the GPT structures go on a disk of a given size, and building both headers for it
 * (UEFI 2.10, section 5.3.1 "GPT overview": primary header at LBA 1 and entries from LBA 2; backup
 * entries right before the backup header in the last LBA). Shared by the writer and the relocator.
 * @module
 */
import { crc32 } from './crc32.js';
import { decodeGptHeader, encodeGptHeader, hasGptSignature, type GptHeader } from './gpt-header.js';

/** Logical sector sizes this codec handles. */
export const GPT_SECTOR_SIZES = [512, 4096] as const;
/** A supported logical sector size. */
export type GptSectorSize = (typeof GPT_SECTOR_SIZES)[number];

/**
 * The sector size of the disk whose first bytes are `head`, found by where "EFI PART" sits
 * (LBA 1 is at 512 or 4096); undefined when neither place holds it.
 */
export function detectGptSectorSize(head: Uint8Array): GptSectorSize | undefined {
  return GPT_SECTOR_SIZES.find((size) => hasGptSignature(head, size));
}

/** Sectors taken by an entry array of `count` slots of `entrySize` bytes. */
export function entryArraySectors(count: number, entrySize: number, sectorSize: number): bigint {
  return BigInt(Math.ceil((count * entrySize) / sectorSize));
}

/** What {@link buildGptHeaders} needs to know. */
export interface GptHeaderPlan {
  readonly sectorSize: number;
  /** Whole logical sectors of the disk; the backup header goes to `totalSectors - 1`. */
  readonly totalSectors: bigint;
  readonly diskGuid: string;
  readonly firstUsableLba: bigint;
  /** LBA of the primary entry array; default 2. */
  readonly primaryEntryLba?: bigint;
  readonly numberOfEntries: number;
  readonly entrySize: number;
  /** The encoded entry array (`numberOfEntries * entrySize` bytes). */
  readonly entries: Uint8Array;
}

/** Both headers, encoded and decoded, plus where the backup structures start. */
export interface GptHeaders {
  readonly primary: GptHeader;
  readonly backup: GptHeader;
  readonly primaryBytes: Uint8Array;
  readonly backupBytes: Uint8Array;
  /** First LBA of the backup entry array; the backup region runs from it to the last LBA. */
  readonly backupEntriesLba: bigint;
}

/** Builds the primary (LBA 1, entries at LBA 2) and backup (last LBA) headers of one table. */
export function buildGptHeaders(plan: GptHeaderPlan): GptHeaders {
  const lastLba = plan.totalSectors - 1n;
  const backupEntriesLba = lastLba - entryArraySectors(plan.numberOfEntries, plan.entrySize, plan.sectorSize);
  const common = {
    firstUsableLba: plan.firstUsableLba,
    lastUsableLba: backupEntriesLba - 1n,
    diskGuid: plan.diskGuid.toUpperCase(),
    numberOfEntries: plan.numberOfEntries,
    entrySize: plan.entrySize,
    entriesCrc32: crc32(plan.entries),
  };
  const primaryFields = {
    ...common,
    myLba: 1n,
    alternateLba: lastLba,
    partitionEntryLba: plan.primaryEntryLba ?? 2n,
  };
  const backupFields = { ...common, myLba: lastLba, alternateLba: 1n, partitionEntryLba: backupEntriesLba };
  const primaryBytes = encodeGptHeader(primaryFields, plan.sectorSize);
  const backupBytes = encodeGptHeader(backupFields, plan.sectorSize);
  return {
    primary: decodeGptHeader(primaryBytes),
    backup: decodeGptHeader(backupBytes),
    primaryBytes,
    backupBytes,
    backupEntriesLba,
  };
}

/** The backup region's bytes: the entry array followed by the backup header sector. */
export function backupRegion(entries: Uint8Array, backupHeader: Uint8Array, sectorSize: number): Uint8Array {
  const entrySectorsBytes = Math.ceil(entries.length / sectorSize) * sectorSize;
  const region = new Uint8Array(entrySectorsBytes + backupHeader.length);
  region.set(entries, 0);
  region.set(backupHeader, entrySectorsBytes);
  return region;
}
