/**
 * Moving the backup GPT to the end of a larger (or smaller) disk, as `sgdisk -e` does: the backup
 * header goes to the disk's last LBA with its entry array right before it, the last usable LBA
 * follows, the protective MBR covers the new size, and both header CRCs are recomputed.
 * @module
 */
import { crc32, formatCrc } from './crc32.js';
import { decodeGptEntries } from './gpt-entry.js';
import { GptError } from './gpt-error.js';
import { decodeGptHeader, type GptHeader } from './gpt-header.js';
import { backupRegion, buildGptHeaders, detectGptSectorSize } from './gpt-layout.js';
import { isProtectiveMbr, writeProtectiveMbr } from './protective-mbr.js';

/** The relocated GPT. */
export interface RelocatedGpt {
  /** A copy of the primary region given, with the new primary header (and protective MBR size). */
  readonly primary: Uint8Array;
  /** Backup entry array + backup header, to write at `backupOffset`. */
  readonly backup: Uint8Array;
  /** Byte offset of `backup` on the new disk. */
  readonly backupOffset: number;
  /** The new primary header. */
  readonly header: GptHeader;
}

/**
 * Relocates the backup GPT for a disk of `newDiskSize` bytes.
 * @param primaryRegion the disk's first bytes: at least LBA 0 through the end of the primary entry array.
 * Throws GptError when the primary GPT is missing, corrupt, not fully inside `primaryRegion`, or
 * when a partition would not fit below the new backup entries.
 */
export function relocateBackupGpt(primaryRegion: Uint8Array, newDiskSize: number): RelocatedGpt {
  const sectorSize = detectGptSectorSize(primaryRegion);
  if (sectorSize === undefined) {
    throw new GptError('no primary GPT header ("EFI PART" at offset 512 or 4096) to relocate', {
      offset: 512,
      field: 'signature',
      expected: 'EFI PART',
    });
  }
  const header = decodeGptHeader(primaryRegion.subarray(sectorSize, 2 * sectorSize), sectorSize, sectorSize);
  const entries = primaryEntries(primaryRegion, header, sectorSize);
  const totalSectors = BigInt(Math.floor(newDiskSize / sectorSize));
  const headers = buildGptHeaders({
    sectorSize,
    totalSectors,
    diskGuid: header.diskGuid,
    firstUsableLba: header.firstUsableLba,
    primaryEntryLba: header.partitionEntryLba,
    numberOfEntries: header.numberOfEntries,
    entrySize: header.entrySize,
    entries,
  });
  checkPartitionsFit(entries, header, headers.primary.lastUsableLba);
  const primary = primaryRegion.slice();
  if (isProtectiveMbr(primary)) writeProtectiveMbr(primary, totalSectors);
  // The primary entry array stays where it is; only its header changes.
  primary.set(headers.primaryBytes, sectorSize);
  return {
    primary,
    backup: backupRegion(entries, headers.backupBytes, sectorSize),
    backupOffset: Number(headers.backupEntriesLba) * sectorSize,
    header: headers.primary,
  };
}

/** The primary entry array's bytes, checked against the header's entries CRC. */
function primaryEntries(region: Uint8Array, header: GptHeader, sectorSize: number): Uint8Array {
  const start = Number(header.partitionEntryLba) * sectorSize;
  const length = header.numberOfEntries * header.entrySize;
  if (header.partitionEntryLba < 2n || start + length > region.length) {
    throw new GptError(
      `the primary partition entry array (LBA ${header.partitionEntryLba}, ${length} bytes) is not inside the ${region.length} bytes given`,
      {
        offset: sectorSize + 72,
        field: 'partitionEntryLba',
        expected: `entries within ${region.length} bytes`,
        actual: String(header.partitionEntryLba),
      },
    );
  }
  const entries = region.subarray(start, start + length);
  const computed = crc32(entries);
  if (computed !== header.entriesCrc32) {
    throw new GptError(
      `primary partition entry array CRC32 mismatch: header says ${formatCrc(header.entriesCrc32)}, entries give ${formatCrc(computed)}`,
      {
        offset: start,
        field: 'entriesCrc32',
        expected: formatCrc(header.entriesCrc32),
        actual: formatCrc(computed),
      },
    );
  }
  return entries;
}

function checkPartitionsFit(entries: Uint8Array, header: GptHeader, lastUsableLba: bigint): void {
  for (const entry of decodeGptEntries(entries, header.numberOfEntries, header.entrySize)) {
    if (entry.lastLba > lastUsableLba) {
      throw new GptError(
        `partition ${entry.number} ("${entry.name}") ends at LBA ${entry.lastLba}, beyond the new last usable LBA ${lastUsableLba}: the disk is too small`,
        { field: 'lastUsableLba', expected: `>= ${entry.lastLba}`, actual: String(lastUsableLba) },
      );
    }
  }
}
