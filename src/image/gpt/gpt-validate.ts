/**
 * GPT validation (UEFI 2.10, section 5.3.2 "GPT Header" validity rules and 5.3.3 entries):
 * both headers with their CRCs and self/alternate pointers, both entry arrays with their CRCs,
 * the usable range against the disk and the entry arrays, partitions (bounds, overlaps, alignment,
 * unique GUIDs) and their type names. Pure: works on regions of the disk the caller read.
 * @module
 */
import { crc32, formatCrc } from './crc32.js';
import { readRegion, type DiskRegion } from './disk-region.js';
import { decodeGptEntries, GPT_ENTRY_SIZE, type GptEntry } from './gpt-entry.js';
import { GptError } from './gpt-error.js';
import { decodeGptHeader, GPT_REVISION, type GptHeader } from './gpt-header.js';
import type { GptIssue } from './gpt-issue.js';
import { detectGptSectorSize, type GptSectorSize } from './gpt-layout.js';
import { checkHeaderPair, checkUsableRange } from './gpt-header-checks.js';
import { checkPartitions } from './gpt-partition-checks.js';
import { partitionTypeOf } from './partition-types.js';
import { isProtectiveMbr, hasMbrSignature } from './protective-mbr.js';

/** Largest entry array accepted (8192 slots of 128 bytes); real tables use 16 KiB. */
export const GPT_MAX_ENTRY_ARRAY_BYTES = 1024 * 1024;

/** A partition as the report lists it. */
export interface GptPartitionInfo extends GptEntry {
  /** sgdisk's name of the type, when the type is a known one. */
  readonly typeName: string | undefined;
  /** sgdisk's type code (EF00, 8300...), when known. */
  readonly typeCode: string | undefined;
  /** Byte offset of the first sector. */
  readonly offset: bigint;
  /** Size in bytes. */
  readonly sizeBytes: bigint;
}

/** The outcome of {@link validateGpt}. */
export interface GptReport {
  /** Detected logical sector size; undefined when no GPT header was found. */
  readonly sectorSize: GptSectorSize | undefined;
  readonly diskSize: number;
  /** LBA 0 holds a pure protective MBR (one 0xEE partition from LBA 1). */
  readonly protectiveMbr: boolean;
  readonly primary: GptHeader | undefined;
  readonly backup: GptHeader | undefined;
  /** Partitions from the primary array, or from the backup one when the primary is unusable. */
  readonly partitions: readonly GptPartitionInfo[];
  readonly issues: readonly GptIssue[];
  /** No issue of severity `error`. */
  readonly valid: boolean;
}

/** Input of {@link validateGpt}. */
export interface ValidateGptInput {
  /** Size of the disk (or image) in bytes. */
  readonly diskSize: number;
  /** What was read of the disk: typically its first and its last MiB. */
  readonly regions: readonly DiskRegion[];
}

type Which = 'primary' | 'backup';

/** Validates the GPT of a disk; never throws for bad data, every problem becomes an issue. */
export function validateGpt(input: ValidateGptInput): GptReport {
  const issues: GptIssue[] = [];
  const lba0 =
    readRegion(input.regions, 0, 4096 + 512) ?? readRegion(input.regions, 0, 1024) ?? new Uint8Array();
  const sectorSize = detectGptSectorSize(lba0);
  const protectiveMbr = isProtectiveMbr(lba0);
  const base = {
    diskSize: input.diskSize,
    protectiveMbr,
    primary: undefined,
    backup: undefined,
    partitions: [],
  };
  if (sectorSize === undefined) {
    issues.push({
      severity: 'error',
      kind: 'GPT_MISSING',
      message: `no GPT: neither offset 512 nor 4096 holds a header signature "EFI PART"${hasMbrSignature(lba0) ? ' (the disk has an MBR only)' : ''}`,
      offset: 512,
      field: 'signature',
      expected: 'EFI PART',
    });
    return { ...base, sectorSize, issues, valid: false };
  }
  if (!protectiveMbr) issues.push(mbrIssue(lba0));
  const ctx = {
    regions: input.regions,
    sectorSize,
    lastLba: BigInt(Math.floor(input.diskSize / sectorSize)) - 1n,
  };
  const primary = readHeader(ctx, 'primary', 1n, issues);
  const primaryEntries = primary && readEntries(ctx, 'primary', primary, issues);
  const backupLba = primary && primary.alternateLba <= ctx.lastLba ? primary.alternateLba : ctx.lastLba;
  const backup = readHeader(ctx, 'backup', backupLba, issues);
  const backupEntries = backup && readEntries(ctx, 'backup', backup, issues);
  if (primary) issues.push(...checkHeaderPair(primary, backup, ctx.lastLba, sectorSize));
  if (primary) issues.push(...checkUsableRange(primary, 'primary', ctx.lastLba, sectorSize));
  if (backup) issues.push(...checkUsableRange(backup, 'backup', ctx.lastLba, sectorSize));
  const header = primaryEntries ? primary : backupEntries ? backup : undefined;
  const entries = primaryEntries ?? backupEntries ?? [];
  if (header) issues.push(...checkPartitions(entries, header, sectorSize));
  const partitions = entries.map((e) => describe(e, sectorSize));
  return {
    ...base,
    sectorSize,
    primary,
    backup,
    partitions,
    issues,
    valid: !issues.some((i) => i.severity === 'error'),
  };
}

interface Ctx {
  readonly regions: readonly DiskRegion[];
  readonly sectorSize: number;
  readonly lastLba: bigint;
}

function mbrIssue(lba0: Uint8Array): GptIssue {
  return {
    severity: 'warning',
    kind: 'MBR_NOT_PROTECTIVE',
    message: hasMbrSignature(lba0)
      ? 'LBA 0 holds a hybrid or foreign MBR instead of a protective MBR (one 0xEE partition from LBA 1)'
      : 'LBA 0 holds no MBR boot signature 0x55AA: the protective MBR is missing',
    offset: 0,
  };
}

const KIND_BY_FIELD: Readonly<Record<string, string>> = {
  signature: 'HEADER_MISSING',
  headerSize: 'HEADER_SIZE',
  headerCrc32: 'HEADER_CRC',
};

function readHeader(ctx: Ctx, which: Which, lba: bigint, issues: GptIssue[]): GptHeader | undefined {
  const offset = Number(lba) * ctx.sectorSize;
  const bytes = readRegion(ctx.regions, offset, ctx.sectorSize);
  const kind = `${which.toUpperCase()}_`;
  if (!bytes) {
    issues.push({
      severity: 'error',
      kind: `${kind}HEADER_UNREAD`,
      message: `${which} GPT header at LBA ${lba} is outside the regions read`,
      offset,
    });
    return undefined;
  }
  let header: GptHeader;
  try {
    header = decodeGptHeader(bytes, offset, ctx.sectorSize);
  } catch (error) {
    if (!(error instanceof GptError)) throw error;
    issues.push({
      ...errorFacts(error),
      severity: 'error',
      kind: kind + (KIND_BY_FIELD[error.field ?? ''] ?? 'HEADER_INVALID'),
      message: `${which} ${error.message}`,
    });
    return undefined;
  }
  issues.push(...headerSelfIssues(header, which, lba, offset));
  return header;
}

/** A decoded header's own consistency: where it says it lives, and its revision. */
function headerSelfIssues(header: GptHeader, which: Which, lba: bigint, offset: number): GptIssue[] {
  const kind = `${which.toUpperCase()}_`;
  const issues: GptIssue[] = [];
  if (header.myLba !== lba) {
    issues.push({
      severity: 'error',
      kind: `${kind}MY_LBA`,
      message: `${which} GPT header at LBA ${lba} says it lives at LBA ${header.myLba}`,
      offset: offset + 24,
      field: 'myLba',
      expected: String(lba),
      actual: String(header.myLba),
    });
  }
  if (header.revision !== GPT_REVISION) {
    issues.push({
      severity: 'warning',
      kind: `${kind}REVISION`,
      message: `${which} GPT header has revision 0x${header.revision.toString(16)}, not 1.0`,
      offset: offset + 8,
      field: 'revision',
      expected: '0x10000',
      actual: `0x${header.revision.toString(16)}`,
    });
  }
  return issues;
}

function errorFacts(error: GptError): Partial<GptIssue> {
  const facts: { offset?: number; field?: string; expected?: string; actual?: string } = {};
  if (error.offset !== undefined) facts.offset = error.offset;
  if (error.field !== undefined) facts.field = error.field;
  if (error.expected !== undefined) facts.expected = error.expected;
  if (error.actual !== undefined) facts.actual = error.actual;
  return facts;
}

function readEntries(ctx: Ctx, which: Which, header: GptHeader, issues: GptIssue[]): GptEntry[] | undefined {
  const kind = `${which.toUpperCase()}_ENTRIES`;
  const length = header.numberOfEntries * header.entrySize;
  if (
    header.entrySize < GPT_ENTRY_SIZE ||
    header.entrySize % GPT_ENTRY_SIZE !== 0 ||
    length > GPT_MAX_ENTRY_ARRAY_BYTES
  ) {
    issues.push({
      severity: 'error',
      kind: `${kind}_SIZE`,
      message: `${which} GPT declares ${header.numberOfEntries} entries of ${header.entrySize} bytes: the entry size must be 128 * 2^n and the array at most ${GPT_MAX_ENTRY_ARRAY_BYTES} bytes`,
      field: 'entrySize',
      expected: '128 * 2^n',
      actual: String(header.entrySize),
    });
    return undefined;
  }
  const offset = Number(header.partitionEntryLba) * ctx.sectorSize;
  const bytes = header.partitionEntryLba <= ctx.lastLba ? readRegion(ctx.regions, offset, length) : undefined;
  if (!bytes) {
    issues.push({
      severity: 'error',
      kind: `${kind}_UNREAD`,
      message: `${which} partition entry array at LBA ${header.partitionEntryLba} lies outside the disk or the regions read`,
      offset,
      field: 'partitionEntryLba',
      actual: String(header.partitionEntryLba),
    });
    return undefined;
  }
  const computed = crc32(bytes);
  if (computed !== header.entriesCrc32) {
    issues.push({
      severity: 'error',
      kind: `${kind}_CRC`,
      message: `${which} partition entry array CRC32 mismatch at offset ${offset}: header says ${formatCrc(header.entriesCrc32)}, entries give ${formatCrc(computed)} (the entries are corrupt)`,
      offset,
      field: 'entriesCrc32',
      expected: formatCrc(header.entriesCrc32),
      actual: formatCrc(computed),
    });
    return undefined;
  }
  return decodeGptEntries(bytes, header.numberOfEntries, header.entrySize);
}

function describe(entry: GptEntry, sectorSize: number): GptPartitionInfo {
  const type = partitionTypeOf(entry.typeGuid);
  const size = entry.lastLba >= entry.firstLba ? entry.lastLba - entry.firstLba + 1n : 0n;
  return {
    ...entry,
    typeName: type?.name,
    typeCode: type?.code,
    offset: entry.firstLba * BigInt(sectorSize),
    sizeBytes: size * BigInt(sectorSize),
  };
}
