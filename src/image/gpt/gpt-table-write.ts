/**
 * Writing a GPT for a given set of entries on a disk: what a layout step does after it moved,
 * grew or added partitions, and what createGpt does once it has placed new ones. The entries keep
 * their numbers and unique GUIDs and the disk keeps its GUID (the ESP and the partitions the boot
 * chain names by PARTUUID stay what they were); the entries are checked against the usable range
 * and each other.
 * @module
 */
import { encodeGptEntries, GPT_DEFAULT_ENTRY_COUNT, GPT_ENTRY_SIZE, type GptEntry } from './gpt-entry.js';
import { GptError } from './gpt-error.js';
import type { GptHeader } from './gpt-header.js';
import { backupRegion, buildGptHeaders, entryArraySectors, type GptSectorSize } from './gpt-layout.js';
import { writeProtectiveMbr } from './protective-mbr.js';

/** A GPT to write: the bytes to place at the start and at the end of the disk, and what they say. */
export interface CreatedGpt {
  /** Protective MBR, primary header and entry array: LBA 0 up to the first usable LBA (exclusive). */
  readonly primary: Uint8Array;
  /** Backup entry array and backup header: the disk's last sectors. */
  readonly backup: Uint8Array;
  /** Byte offset of `backup` on the disk. */
  readonly backupOffset: number;
  readonly header: GptHeader;
  readonly entries: readonly GptEntry[];
}

/** Input of {@link writeGptTable}. */
export interface GptTableInput {
  /** Disk size in bytes. */
  readonly diskSize: number;
  /** Logical sector size; default 512. */
  readonly sectorSize?: GptSectorSize;
  /** The disk GUID to keep. */
  readonly diskGuid: string;
  /** Entries by number (slot); numbers, GUIDs and names are kept as given. */
  readonly entries: readonly GptEntry[];
}

/** The usable LBA range of a disk of `diskSize` bytes with a 128-slot entry array. */
export function usableRange(
  diskSize: number,
  sectorSize: GptSectorSize = 512,
): { first: bigint; last: bigint } {
  const entrySectors = entryArraySectors(GPT_DEFAULT_ENTRY_COUNT, GPT_ENTRY_SIZE, sectorSize);
  const totalSectors = BigInt(Math.floor(diskSize / sectorSize));
  return { first: 2n + entrySectors, last: totalSectors - 2n - entrySectors };
}

/**
 * Encodes protective MBR, primary and backup GPT for `entries`. Throws GptError (GPT_INVALID) when
 * an entry lies outside the usable range or overlaps another.
 */
export function writeGptTable(input: GptTableInput): CreatedGpt {
  const sectorSize = input.sectorSize ?? 512;
  const { first, last } = usableRange(input.diskSize, sectorSize);
  checkEntries(input.entries, first, last);
  const entryBytes = encodeGptEntries(input.entries, GPT_DEFAULT_ENTRY_COUNT, GPT_ENTRY_SIZE);
  const totalSectors = BigInt(Math.floor(input.diskSize / sectorSize));
  const headers = buildGptHeaders({
    sectorSize,
    totalSectors,
    diskGuid: input.diskGuid,
    firstUsableLba: first,
    numberOfEntries: GPT_DEFAULT_ENTRY_COUNT,
    entrySize: GPT_ENTRY_SIZE,
    entries: entryBytes,
  });
  const primary = new Uint8Array(Number(first) * sectorSize);
  writeProtectiveMbr(primary, totalSectors);
  primary.set(headers.primaryBytes, sectorSize);
  primary.set(entryBytes, 2 * sectorSize);
  return {
    primary,
    backup: backupRegion(entryBytes, headers.backupBytes, sectorSize),
    backupOffset: Number(headers.backupEntriesLba) * sectorSize,
    header: headers.primary,
    entries: [...input.entries].sort((a, b) => a.number - b.number),
  };
}

function checkEntries(entries: readonly GptEntry[], first: bigint, last: bigint): void {
  const sorted = [...entries].sort((a, b) => (a.firstLba < b.firstLba ? -1 : 1));
  for (const [i, entry] of sorted.entries()) {
    if (entry.firstLba < first || entry.lastLba > last || entry.lastLba < entry.firstLba) {
      throw new GptError(
        `partition ${entry.number} ("${entry.name}") at LBA ${entry.firstLba}..${entry.lastLba} does not fit the usable range ${first}..${last}`,
        {
          field: `partition ${entry.number}`,
          expected: `${first}..${last}`,
          actual: `${entry.firstLba}..${entry.lastLba}`,
        },
      );
    }
    const next = sorted[i + 1];
    if (next && next.firstLba <= entry.lastLba) {
      throw new GptError(`partition ${next.number} ("${next.name}") overlaps partition ${entry.number}`, {
        field: `partition ${next.number}`,
        expected: `first LBA > ${entry.lastLba}`,
        actual: String(next.firstLba),
      });
    }
  }
}
