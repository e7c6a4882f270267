/**
 * Zero detection for the raw path and the disk sink, on the hot path of every decoded byte: a
 * block is all zero only when three sample bytes are (almost every data block fails there, in a
 * few loads and no call), and only then a native compare against a preallocated zero buffer
 * settles it, without allocating a view per block.
 * @module
 */

/** Zeros compared against; longer ranges are compared piece by piece. */
const ZEROS = Buffer.alloc(64 * 1024);

/** `bytes` as a Buffer over the same memory (no copy), for {@link isZeroRange}. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** True when `bytes[start, end)` are all zero (an empty range is). */
export function isZeroRange(bytes: Buffer, start: number, end: number): boolean {
  if (end <= start) return true;
  if (bytes[start] !== 0 || bytes[end - 1] !== 0 || bytes[(start + end) >>> 1] !== 0) return false;
  for (let at = start; at < end; at += ZEROS.length) {
    const stop = Math.min(end, at + ZEROS.length);
    if (bytes.compare(ZEROS, 0, stop - at, at, stop) !== 0) return false;
  }
  return true;
}
