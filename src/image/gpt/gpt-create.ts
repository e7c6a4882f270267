/**
 * The GPT writer: a complete protective MBR + primary GPT and the matching backup GPT for a disk
 * of a given size. Test fixtures and the disk layout step use it.
 * @module
 */
import { GptError } from './gpt-error.js';
import { GPT_DEFAULT_ENTRY_COUNT, GPT_ENTRY_SIZE, encodeGptEntries, type GptEntry } from './gpt-entry.js';
import { normalizeGuid, randomGuid } from './gpt-guid.js';
import type { GptHeader } from './gpt-header.js';
import { backupRegion, buildGptHeaders, entryArraySectors, type GptSectorSize } from './gpt-layout.js';
import { writeProtectiveMbr } from './protective-mbr.js';

/** One partition to create. */
export interface GptPartitionSpec {
  /** GPT name (up to 36 UTF-16 code units). */
  readonly name: string;
  /** Type GUID, e.g. `PARTITION_TYPES.esp.guid`. */
  readonly typeGuid: string;
  /** Size in bytes, rounded up to whole sectors. */
  readonly sizeBytes: number;
  /** First LBA; default: the next `alignment` boundary after the previous partition. */
  readonly firstLba?: number | bigint;
  /** Unique partition GUID; default: random. */
  readonly guid?: string;
  /** Attribute bits; default 0. */
  readonly attributes?: bigint;
}

/** Input of {@link createGpt}. */
export interface CreateGptOptions {
  /** Disk size in bytes; a partial last sector is ignored, as every tool does. */
  readonly diskSize: number;
  /** Partitions, numbered 1.. in this order. */
  readonly partitions: readonly GptPartitionSpec[];
  /** Logical sector size; default 512. */
  readonly sectorSize?: GptSectorSize;
  /** Disk GUID; default: random. */
  readonly diskGuid?: string;
  /** Default start alignment in bytes; default 1 MiB (what sgdisk and parted use). */
  readonly alignment?: number;
}

/** A created GPT: the bytes to place at the start and at the end of the disk, and what they say. */
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

const MIB = 1024 * 1024;

/** Builds a valid GPT; throws GptError when the partitions do not fit the usable range. */
export function createGpt(options: CreateGptOptions): CreatedGpt {
  const sectorSize = options.sectorSize ?? 512;
  const totalSectors = BigInt(Math.floor(options.diskSize / sectorSize));
  const entrySectors = entryArraySectors(GPT_DEFAULT_ENTRY_COUNT, GPT_ENTRY_SIZE, sectorSize);
  const firstUsableLba = 2n + entrySectors;
  const lastUsableLba = totalSectors - 2n - entrySectors;
  const entries = placePartitions(options, sectorSize, firstUsableLba, lastUsableLba);
  const entryBytes = encodeGptEntries(entries, GPT_DEFAULT_ENTRY_COUNT, GPT_ENTRY_SIZE);
  const headers = buildGptHeaders({
    sectorSize,
    totalSectors,
    diskGuid: normalizeGuid(options.diskGuid ?? randomGuid(), 'diskGuid'),
    firstUsableLba,
    numberOfEntries: GPT_DEFAULT_ENTRY_COUNT,
    entrySize: GPT_ENTRY_SIZE,
    entries: entryBytes,
  });
  const primary = new Uint8Array(Number(firstUsableLba) * sectorSize);
  writeProtectiveMbr(primary, totalSectors);
  primary.set(headers.primaryBytes, sectorSize);
  primary.set(entryBytes, 2 * sectorSize);
  return {
    primary,
    backup: backupRegion(entryBytes, headers.backupBytes, sectorSize),
    backupOffset: Number(headers.backupEntriesLba) * sectorSize,
    header: headers.primary,
    entries,
  };
}

function placePartitions(
  options: CreateGptOptions,
  sectorSize: number,
  firstUsableLba: bigint,
  lastUsableLba: bigint,
): GptEntry[] {
  if (lastUsableLba < firstUsableLba) {
    throw new GptError(`a disk of ${options.diskSize} bytes is too small for a GPT`, {
      field: 'diskSize',
      expected: `>= ${(Number(firstUsableLba) * 2 + 1) * sectorSize}`,
      actual: String(options.diskSize),
    });
  }
  const align = BigInt(Math.max(1, Math.floor((options.alignment ?? MIB) / sectorSize)));
  let next = firstUsableLba;
  const placed: GptEntry[] = [];
  for (const [i, spec] of options.partitions.entries()) {
    const aligned = ((next + align - 1n) / align) * align;
    const firstLba = spec.firstLba === undefined ? aligned : BigInt(spec.firstLba);
    const sectors = BigInt(Math.ceil(spec.sizeBytes / sectorSize));
    const lastLba = firstLba + sectors - 1n;
    if (sectors < 1n || firstLba < firstUsableLba || lastLba > lastUsableLba) {
      throw new GptError(
        `partition ${i + 1} ("${spec.name}") at LBA ${firstLba}..${lastLba} does not fit the usable range ${firstUsableLba}..${lastUsableLba}`,
        {
          field: `partitions[${i}]`,
          expected: `${firstUsableLba}..${lastUsableLba}`,
          actual: `${firstLba}..${lastLba}`,
        },
      );
    }
    const clash = placed.find((p) => firstLba <= p.lastLba && p.firstLba <= lastLba);
    if (clash) {
      throw new GptError(`partition ${i + 1} ("${spec.name}") overlaps partition ${clash.number}`, {
        field: `partitions[${i}].firstLba`,
        expected: `outside ${clash.firstLba}..${clash.lastLba}`,
        actual: `${firstLba}..${lastLba}`,
      });
    }
    next = lastLba + 1n;
    placed.push({
      number: i + 1,
      typeGuid: normalizeGuid(spec.typeGuid, 'typeGuid'),
      uniqueGuid: normalizeGuid(spec.guid ?? randomGuid(), 'guid'),
      firstLba,
      lastLba,
      attributes: spec.attributes ?? 0n,
      name: spec.name,
    });
  }
  return placed;
}
