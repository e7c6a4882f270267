/**
 * GPT partition entry array codec (UEFI 2.10, section 5.3.3, table 5.6 "GPT Partition Entry").
 * @module
 */
import { GptError } from './gpt-error.js';
import { decodeGuid, encodeGuid, ZERO_GUID } from './gpt-guid.js';
import { byteFields } from '../binary/byte-fields.js';

/** The entry size every tool writes; the specification allows 128 * 2^n. */
export const GPT_ENTRY_SIZE = 128;
/** Slots in the array writers create (16 KiB: the minimum the specification reserves). */
export const GPT_DEFAULT_ENTRY_COUNT = 128;
/** Maximum name length in UTF-16 code units. */
export const GPT_NAME_UNITS = 36;

const OFF_TYPE_GUID = 0;
const OFF_UNIQUE_GUID = 16;
const OFF_FIRST_LBA = 32;
const OFF_LAST_LBA = 40;
const OFF_ATTRIBUTES = 48;
const OFF_NAME = 56;
const NAME_BYTES = GPT_NAME_UNITS * 2;

/** A used partition entry (type GUID not zero). */
export interface GptEntry {
  /** Partition number as tools print it: slot index + 1. */
  readonly number: number;
  /** Partition type GUID, upper case. */
  readonly typeGuid: string;
  /** Unique partition GUID (PARTUUID), upper case. */
  readonly uniqueGuid: string;
  /** First LBA (inclusive). */
  readonly firstLba: bigint;
  /** Last LBA (inclusive). */
  readonly lastLba: bigint;
  /** Attribute bits (bit 0 required, bit 2 legacy BIOS bootable, 48..63 type-specific). */
  readonly attributes: bigint;
  /** Name, UTF-16LE on disk, up to 36 code units. */
  readonly name: string;
}

const UTF16 = new TextDecoder('utf-16le');

function decodeName(slot: Uint8Array): string {
  const units = slot.subarray(OFF_NAME, OFF_NAME + NAME_BYTES);
  let end = 0;
  while (end < NAME_BYTES && (units[end] !== 0 || units[end + 1] !== 0)) end += 2;
  return UTF16.decode(units.subarray(0, end));
}

/**
 * Decodes the used entries of an entry array (`count` slots of `entrySize` bytes at `bytes[0]`).
 * Unused slots (zero type GUID) are left out; numbers keep the slot position.
 */
export function decodeGptEntries(bytes: Uint8Array, count: number, entrySize = GPT_ENTRY_SIZE): GptEntry[] {
  if (entrySize < GPT_ENTRY_SIZE || count * entrySize > bytes.length) {
    throw new GptError(`partition entry array of ${count} x ${entrySize} bytes does not fit the data given`, {
      field: 'numberOfEntries',
      expected: `<= ${Math.floor(bytes.length / Math.max(entrySize, 1))}`,
      actual: String(count),
    });
  }
  const entries: GptEntry[] = [];
  for (let i = 0; i < count; i++) {
    const slot = bytes.subarray(i * entrySize, (i + 1) * entrySize);
    const typeGuid = decodeGuid(slot, OFF_TYPE_GUID);
    if (typeGuid === ZERO_GUID) continue;
    const dv = byteFields(slot);
    entries.push({
      number: i + 1,
      typeGuid,
      uniqueGuid: decodeGuid(slot, OFF_UNIQUE_GUID),
      firstLba: dv.u64le(OFF_FIRST_LBA),
      lastLba: dv.u64le(OFF_LAST_LBA),
      attributes: dv.u64le(OFF_ATTRIBUTES),
      name: decodeName(slot),
    });
  }
  return entries;
}

function encodeName(name: string, slot: Uint8Array, number: number): void {
  if (name.length > GPT_NAME_UNITS) {
    throw new GptError(`partition ${number} name is longer than ${GPT_NAME_UNITS} UTF-16 code units`, {
      field: 'name',
      expected: `<= ${GPT_NAME_UNITS} code units`,
      actual: String(name.length),
    });
  }
  const dv = byteFields(slot);
  for (let i = 0; i < name.length; i++) dv.setU16le(OFF_NAME + i * 2, name.charCodeAt(i));
}

/**
 * Encodes an entry array of `count` slots; each entry goes to slot `number - 1`.
 * Throws GptError for a number outside 1..count or used twice, or a name too long.
 */
export function encodeGptEntries(
  entries: readonly GptEntry[],
  count = GPT_DEFAULT_ENTRY_COUNT,
  entrySize = GPT_ENTRY_SIZE,
): Uint8Array {
  const bytes = new Uint8Array(count * entrySize);
  const used = new Set<number>();
  for (const entry of entries) {
    if (
      !Number.isInteger(entry.number) ||
      entry.number < 1 ||
      entry.number > count ||
      used.has(entry.number)
    ) {
      throw new GptError(`partition number ${entry.number} is outside 1..${count} or used twice`, {
        field: 'number',
        expected: `unique 1..${count}`,
        actual: String(entry.number),
      });
    }
    used.add(entry.number);
    const slot = bytes.subarray((entry.number - 1) * entrySize, entry.number * entrySize);
    const dv = byteFields(slot);
    encodeGuid(entry.typeGuid, slot, OFF_TYPE_GUID, 'typeGuid');
    encodeGuid(entry.uniqueGuid, slot, OFF_UNIQUE_GUID, 'uniqueGuid');
    dv.setU64le(OFF_FIRST_LBA, entry.firstLba);
    dv.setU64le(OFF_LAST_LBA, entry.lastLba);
    dv.setU64le(OFF_ATTRIBUTES, entry.attributes);
    encodeName(entry.name, slot, entry.number);
  }
  return bytes;
}
