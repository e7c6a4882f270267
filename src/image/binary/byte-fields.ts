/**
 * @module
 * The one field reader (and writer) of the on-disk format codecs: fixed-offset integers of a
 * byte array with the endianness in the name (`u32le`, `u64be`), u64 as `bigint`, views rather
 * than copies. GPT, FAT and ext4 are little-endian, qcow2 is big-endian: each read says which.
 * Offsets are relative to the array handed in; a read past its end throws RangeError, as a
 * DataView does (the format's decoder checks lengths first and reports in its own terms).
 */

/** Fields of one byte array. */
export interface ByteFields {
  /** The bytes read (the same array, not a copy). */
  readonly bytes: Uint8Array;
  u8(offset: number): number;
  u16le(offset: number): number;
  u32le(offset: number): number;
  u64le(offset: number): bigint;
  u16be(offset: number): number;
  u32be(offset: number): number;
  u64be(offset: number): bigint;
  /** `length` bytes from `offset`, as a view (no copy); bounded by the array's end. */
  slice(offset: number, length: number): Uint8Array;
  setU8(offset: number, value: number): void;
  setU16le(offset: number, value: number): void;
  setU32le(offset: number, value: number): void;
  setU64le(offset: number, value: bigint): void;
  setU32be(offset: number, value: number): void;
  setU64be(offset: number, value: bigint): void;
}

/** The fields of `bytes` (of its view only: `byteOffset` and `byteLength` are respected). */
export function byteFields(bytes: Uint8Array): ByteFields {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    bytes,
    u8: (offset) => view.getUint8(offset),
    u16le: (offset) => view.getUint16(offset, true),
    u32le: (offset) => view.getUint32(offset, true),
    u64le: (offset) => view.getBigUint64(offset, true),
    u16be: (offset) => view.getUint16(offset, false),
    u32be: (offset) => view.getUint32(offset, false),
    u64be: (offset) => view.getBigUint64(offset, false),
    slice: (offset, length) => bytes.subarray(offset, offset + length),
    setU8: (offset, value) => view.setUint8(offset, value),
    setU16le: (offset, value) => view.setUint16(offset, value, true),
    setU32le: (offset, value) => view.setUint32(offset, value, true),
    setU64le: (offset, value) => view.setBigUint64(offset, value, true),
    setU32be: (offset, value) => view.setUint32(offset, value, false),
    setU64be: (offset, value) => view.setBigUint64(offset, value, false),
  };
}
