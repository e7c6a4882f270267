/**
 * FAT directory entries, including VFAT long file names. fatgen103 section 6 and 7.
 * @module
 */
import { byteFields } from '../binary/byte-fields.js';

const ENTRY_SIZE = 32;
/** @internal */
export const NAME = 0; // 11 bytes, 8.3 space padded
/** @internal */
export const ATTR = 11;
const NT_CASE = 12; // Windows NT: bit 3 lower-case base, bit 4 lower-case extension
const FIRST_CLUSTER_HI = 20; // u16 (FAT32)
/** @internal */
export const FIRST_CLUSTER_LO = 26; // u16
/** @internal */
export const FILE_SIZE = 28; // u32
const ATTR_DIRECTORY = 0x10;
/** @internal */
export const ATTR_VOLUME_ID = 0x08;
/** @internal */
export const ATTR_LONG_NAME = 0x0f;
const END_OF_DIRECTORY = 0x00;
const DELETED = 0xe5;
/** A name whose first byte really is 0xE5 stores 0x05 there. */
const KANJI_E5 = 0x05;
/** @internal */
export const LFN_LAST = 0x40;
const LFN_SEQUENCE_MASK = 0x1f;
/** @internal */
export const LFN_CHECKSUM = 13;
/** Byte offsets of the 13 UTF-16 characters a long-name entry carries. */
/** @internal */
export const LFN_CHAR_OFFSETS = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];

/** One decoded directory entry. */
export interface FatDirEntry {
  /** Long name when present and consistent, else the 8.3 name. */
  readonly name: string;
  readonly isDirectory: boolean;
  /** A volume label entry (only in the root). */
  readonly isVolumeLabel: boolean;
  readonly firstCluster: number;
  readonly size: number;
}

/** Decodes the entries of a directory's bytes, stopping at the end marker. Skips deleted ones. */
export function decodeFatDirectory(bytes: Uint8Array): FatDirEntry[] {
  const view = byteFields(bytes);
  const entries: FatDirEntry[] = [];
  let longName: LongNameState | undefined;
  for (let at = 0; at + ENTRY_SIZE <= bytes.byteLength; at += ENTRY_SIZE) {
    const first = bytes[at + NAME]!;
    if (first === END_OF_DIRECTORY) break;
    if (first === DELETED) {
      longName = undefined;
      continue;
    }
    const attr = bytes[at + ATTR]!;
    if ((attr & 0x3f) === ATTR_LONG_NAME) {
      longName = addLongNamePart(longName, bytes.subarray(at, at + ENTRY_SIZE));
      continue;
    }
    const shortBytes = bytes.subarray(at + NAME, at + NAME + 11);
    const complete = longName?.next === 0 && longName.checksum === shortNameChecksum(shortBytes);
    const long = complete ? longName!.parts.join('') : undefined;
    longName = undefined;
    entries.push({
      name: long ?? shortName(shortBytes, bytes[at + NT_CASE]!, attr),
      isDirectory: (attr & ATTR_DIRECTORY) !== 0,
      isVolumeLabel: (attr & ATTR_VOLUME_ID) !== 0,
      firstCluster: (view.u16le(at + FIRST_CLUSTER_HI) << 16) | view.u16le(at + FIRST_CLUSTER_LO),
      size: view.u32le(at + FILE_SIZE),
    });
  }
  return entries;
}

interface LongNameState {
  readonly parts: string[];
  /** Sequence number expected next (counting down to 1); 0 once complete. */
  next: number;
  readonly checksum: number;
}

function addLongNamePart(state: LongNameState | undefined, entry: Uint8Array): LongNameState | undefined {
  const ordinal = entry[0]!;
  const sequence = ordinal & LFN_SEQUENCE_MASK;
  const checksum = entry[LFN_CHECKSUM]!;
  if (ordinal & LFN_LAST) state = { parts: [], next: sequence, checksum };
  // An orphan or out-of-order part: drop the long name and fall back to the short one.
  if (state === undefined || state.next !== sequence || state.checksum !== checksum || sequence === 0)
    return undefined;
  state.parts.unshift(longNamePart(entry));
  state.next--;
  return state;
}

function longNamePart(entry: Uint8Array): string {
  const view = byteFields(entry);
  const units: number[] = [];
  for (const offset of LFN_CHAR_OFFSETS) {
    const unit = view.u16le(offset);
    if (unit === 0x0000) break; // the name ends; 0xFFFF pads the rest
    units.push(unit);
  }
  return String.fromCharCode(...units);
}

/** fatgen103 section 7: the checksum a long name stores of its 8.3 name. */
export function shortNameChecksum(name: Uint8Array): number {
  let sum = 0;
  for (const byte of name) sum = ((sum & 1 ? 0x80 : 0) + (sum >> 1) + byte) & 0xff;
  return sum;
}

function shortName(raw: Uint8Array, ntCase: number, attr: number): string {
  const bytes = Uint8Array.from(raw);
  if (bytes[0] === KANJI_E5) bytes[0] = DELETED;
  const text = (from: number, to: number): string =>
    String.fromCharCode(...bytes.subarray(from, to)).trimEnd();
  if (attr & ATTR_VOLUME_ID) return text(0, 11);
  const base = ntCase & 0x08 ? text(0, 8).toLowerCase() : text(0, 8);
  const ext = ntCase & 0x10 ? text(8, 11).toLowerCase() : text(8, 11);
  return ext === '' ? base : `${base}.${ext}`;
}
