/**
 * GPT header codec (UEFI 2.10, section 5.3.2, table 5.5 "GPT Header").
 * Pure: decodes from and encodes to bytes; LBAs are bigint because the fields are u64 and a
 * corrupt header may hold values beyond 2^53 that validation must report, not round.
 * @module
 */
import { crc32, formatCrc } from './crc32.js';
import { GptError } from './gpt-error.js';
import { decodeGuid, encodeGuid } from './gpt-guid.js';
import { byteFields } from '../binary/byte-fields.js';

/** "EFI PART" in ASCII. */
export const GPT_SIGNATURE = 'EFI PART';
/** Revision 1.0, the only one defined. */
export const GPT_REVISION = 0x00010000;
/** The header size this codec writes (and the minimum it accepts). */
export const GPT_HEADER_SIZE = 92;

const OFF_SIGNATURE = 0;
const OFF_REVISION = 8;
const OFF_HEADER_SIZE = 12;
const OFF_HEADER_CRC = 16;
const OFF_RESERVED = 20;
const OFF_MY_LBA = 24;
const OFF_ALTERNATE_LBA = 32;
const OFF_FIRST_USABLE = 40;
const OFF_LAST_USABLE = 48;
const OFF_DISK_GUID = 56;
const OFF_ENTRY_LBA = 72;
const OFF_ENTRY_COUNT = 80;
const OFF_ENTRY_SIZE = 84;
const OFF_ENTRIES_CRC = 88;

/** A decoded GPT header. */
export interface GptHeader {
  /** Revision, 0x00010000 for every GPT written so far. */
  readonly revision: number;
  /** Bytes covered by the header CRC; 92 in practice, at most one sector. */
  readonly headerSize: number;
  /** CRC32 of the first `headerSize` bytes with this field zeroed. */
  readonly headerCrc32: number;
  /** LBA of this header: 1 for the primary, the last LBA for the backup. */
  readonly myLba: bigint;
  /** LBA of the other header. */
  readonly alternateLba: bigint;
  /** First LBA a partition may use. */
  readonly firstUsableLba: bigint;
  /** Last LBA a partition may use (inclusive). */
  readonly lastUsableLba: bigint;
  /** Disk GUID, upper case. */
  readonly diskGuid: string;
  /** LBA of this header's copy of the partition entry array. */
  readonly partitionEntryLba: bigint;
  /** Number of slots in the entry array (128 usually). */
  readonly numberOfEntries: number;
  /** Size of one slot: 128 * 2^n. */
  readonly entrySize: number;
  /** CRC32 of the `numberOfEntries * entrySize` bytes of the entry array. */
  readonly entriesCrc32: number;
}

/** Header fields a writer chooses; the codec fills revision, size and the header CRC. */
export type GptHeaderFields = Omit<GptHeader, 'revision' | 'headerSize' | 'headerCrc32'>;

/** True when `bytes` holds "EFI PART" at `offset`. */
export function hasGptSignature(bytes: Uint8Array, offset: number): boolean {
  if (offset + 8 > bytes.length) return false;
  for (let i = 0; i < 8; i++) if (bytes[offset + i] !== GPT_SIGNATURE.charCodeAt(i)) return false;
  return true;
}

/**
 * Decodes the header whose first byte is `bytes[0]`; `diskOffset` is only used in errors.
 * Checks signature, header size (92..`maxHeaderSize`) and the header CRC; throws GptError.
 * Field semantics (LBAs, entry size) are left to {@link validateGpt} so each gets its own report.
 */
export function decodeGptHeader(bytes: Uint8Array, diskOffset = 0, maxHeaderSize = 512): GptHeader {
  if (!hasGptSignature(bytes, OFF_SIGNATURE)) {
    const found = Array.from(bytes.subarray(0, 8), (b) => String.fromCharCode(b)).join('');
    throw new GptError(`no GPT header at offset ${diskOffset}: signature is not "EFI PART"`, {
      offset: diskOffset,
      field: 'signature',
      expected: GPT_SIGNATURE,
      actual: JSON.stringify(found),
    });
  }
  const dv = byteFields(bytes);
  const headerSize = dv.u32le(OFF_HEADER_SIZE);
  if (headerSize < GPT_HEADER_SIZE || headerSize > Math.min(maxHeaderSize, bytes.length)) {
    throw new GptError(`GPT header at offset ${diskOffset} declares an impossible size ${headerSize}`, {
      offset: diskOffset + OFF_HEADER_SIZE,
      field: 'headerSize',
      expected: `${GPT_HEADER_SIZE}..${maxHeaderSize}`,
      actual: String(headerSize),
    });
  }
  const stored = dv.u32le(OFF_HEADER_CRC);
  const computed = headerCrc(bytes.subarray(0, headerSize));
  if (stored !== computed) {
    throw new GptError(
      `GPT header CRC32 mismatch at offset ${diskOffset}: stored ${formatCrc(stored)}, computed ${formatCrc(computed)} (the header is corrupt)`,
      {
        offset: diskOffset + OFF_HEADER_CRC,
        field: 'headerCrc32',
        expected: formatCrc(computed),
        actual: formatCrc(stored),
      },
    );
  }
  return decodeFields(bytes, headerSize, stored);
}

function decodeFields(bytes: Uint8Array, headerSize: number, headerCrc32: number): GptHeader {
  const dv = byteFields(bytes);
  return {
    revision: dv.u32le(OFF_REVISION),
    headerSize,
    headerCrc32,
    myLba: dv.u64le(OFF_MY_LBA),
    alternateLba: dv.u64le(OFF_ALTERNATE_LBA),
    firstUsableLba: dv.u64le(OFF_FIRST_USABLE),
    lastUsableLba: dv.u64le(OFF_LAST_USABLE),
    diskGuid: decodeGuid(bytes, OFF_DISK_GUID),
    partitionEntryLba: dv.u64le(OFF_ENTRY_LBA),
    numberOfEntries: dv.u32le(OFF_ENTRY_COUNT),
    entrySize: dv.u32le(OFF_ENTRY_SIZE),
    entriesCrc32: dv.u32le(OFF_ENTRIES_CRC),
  };
}

/** CRC32 of a header with its CRC field taken as zero. */
function headerCrc(header: Uint8Array): number {
  const copy = header.slice();
  byteFields(copy).setU32le(OFF_HEADER_CRC, 0);
  return crc32(copy);
}

/** Encodes a header into one zero-padded sector of `sectorSize` bytes, with its CRC. */
export function encodeGptHeader(fields: GptHeaderFields, sectorSize = 512): Uint8Array {
  const bytes = new Uint8Array(sectorSize);
  const dv = byteFields(bytes);
  for (let i = 0; i < 8; i++) bytes[OFF_SIGNATURE + i] = GPT_SIGNATURE.charCodeAt(i);
  dv.setU32le(OFF_REVISION, GPT_REVISION);
  dv.setU32le(OFF_HEADER_SIZE, GPT_HEADER_SIZE);
  dv.setU32le(OFF_RESERVED, 0);
  dv.setU64le(OFF_MY_LBA, fields.myLba);
  dv.setU64le(OFF_ALTERNATE_LBA, fields.alternateLba);
  dv.setU64le(OFF_FIRST_USABLE, fields.firstUsableLba);
  dv.setU64le(OFF_LAST_USABLE, fields.lastUsableLba);
  encodeGuid(fields.diskGuid, bytes, OFF_DISK_GUID, 'diskGuid');
  dv.setU64le(OFF_ENTRY_LBA, fields.partitionEntryLba);
  dv.setU32le(OFF_ENTRY_COUNT, fields.numberOfEntries);
  dv.setU32le(OFF_ENTRY_SIZE, fields.entrySize);
  dv.setU32le(OFF_ENTRIES_CRC, fields.entriesCrc32);
  dv.setU32le(OFF_HEADER_CRC, crc32(bytes.subarray(0, GPT_HEADER_SIZE)));
  return bytes;
}

/** The reserved u32 at offset 20, which the specification requires to be zero. */
export function gptHeaderReserved(bytes: Uint8Array): number {
  return byteFields(bytes).u32le(OFF_RESERVED);
}
