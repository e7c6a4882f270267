/**
 * A new GPT from partition sizes: where each partition goes, then the table bytes (protective
 * MBR, primary and backup GPT) from {@link writeGptTable}. Test fixtures use it.
 * @module
 */
import { GptError } from './gpt-error.js';
import type { GptEntry } from './gpt-entry.js';
import { normalizeGuid, randomGuid } from './gpt-guid.js';
import type { GptSectorSize } from './gpt-layout.js';
import { usableRange, writeGptTable, type CreatedGpt } from './gpt-table-write.js';

export type { CreatedGpt } from './gpt-table-write.js';

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

const MIB = 1024 * 1024;

/**
 * Builds a valid GPT: places the partitions (numbered 1.. in order, aligned unless a first LBA is
 * given, random GUIDs unless given), then encodes them with {@link writeGptTable}. Throws GptError
 * when the partitions do not fit the usable range.
 */
export function createGpt(options: CreateGptOptions): CreatedGpt {
  const sectorSize = options.sectorSize ?? 512;
  const { first, last } = usableRange(options.diskSize, sectorSize);
  return writeGptTable({
    diskSize: options.diskSize,
    sectorSize,
    diskGuid: normalizeGuid(options.diskGuid ?? randomGuid(), 'diskGuid'),
    entries: placePartitions(options, sectorSize, first, last),
  });
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
