/**
 * Finds where one zstd frame ends, by walking its block headers, so that the bytes stored after
 * a compressed qcow2 cluster (garbage up to the sector boundary) are never fed to the decoder.
 * Spec: RFC 8878 section 3.1.1 (frame header, block headers, checksum).
 */

const ZSTD_MAGIC = 0xfd2fb528;
const BLOCK_HEADER_SIZE = 3;
const BLOCK_RAW = 0;
const BLOCK_RLE = 1;
const BLOCK_RESERVED = 3;
const CHECKSUM_SIZE = 4;
const DICT_ID_BYTES = [0, 1, 2, 4] as const;
const FCS_BYTES = [0, 2, 4, 8] as const;

/** Facts of one zstd frame. */
export interface ZstdFrameInfo {
  /** Length in bytes of the frame, header to checksum. */
  readonly length: number;
  /** Window size the decoder would allocate (the content size for single-segment frames). */
  readonly windowSize: number;
  /** Declared decompressed size, when the frame has one. */
  readonly contentSize: number | undefined;
}

/** Measures the zstd frame at the start of `bytes`; throws an Error when it is malformed or cut. */
export function zstdFrameInfo(bytes: Uint8Array): ZstdFrameInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 6 || view.getUint32(0, true) !== ZSTD_MAGIC)
    throw new Error('not a zstd frame (bad magic)');
  const descriptor = bytes[4]!;
  const singleSegment = (descriptor & 0x20) !== 0;
  const hasChecksum = (descriptor & 0x04) !== 0;
  if ((descriptor & 0x08) !== 0) throw new Error('zstd frame header reserved bit is set');
  let at = 5;
  let windowSize = 0;
  if (!singleSegment) {
    const wd = bytes[at++]!;
    const base = 2 ** (10 + (wd >> 3));
    windowSize = base + (base / 8) * (wd & 7);
  }
  at += DICT_ID_BYTES[descriptor & 3]!;
  const fcsFlag = descriptor >> 6;
  const fcsBytes = fcsFlag === 0 && singleSegment ? 1 : FCS_BYTES[fcsFlag]!;
  const contentSize = fcsBytes === 0 ? undefined : readLe(bytes, at, fcsBytes) + (fcsBytes === 2 ? 256 : 0);
  at += fcsBytes;
  if (singleSegment) windowSize = contentSize ?? 0;
  for (let last = false; !last;) {
    if (at + BLOCK_HEADER_SIZE > bytes.length) throw new Error('zstd frame is cut inside a block header');
    const header = bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
    last = (header & 1) !== 0;
    const type = (header >> 1) & 3;
    if (type === BLOCK_RESERVED) throw new Error('zstd block type 3 is reserved');
    at += BLOCK_HEADER_SIZE + (type === BLOCK_RLE ? 1 : type === BLOCK_RAW || type === 2 ? header >>> 3 : 0);
  }
  at += hasChecksum ? CHECKSUM_SIZE : 0;
  if (at > bytes.length) throw new Error('zstd frame is cut before its end');
  return { length: at, windowSize, contentSize };
}

function readLe(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = count - 1; i >= 0; i--) value = value * 256 + (bytes[at + i] ?? 0);
  return value;
}
