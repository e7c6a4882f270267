/**
 * The random-access byte source the filesystem readers read from, and a bounded window over it.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';

/** A random-access source of bytes: a scratch raw image on disk, or a buffer in tests. */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /** Reads `length` bytes at `offset`; may return fewer only at the end of the source. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A partition's byte range inside a disk image. */
export interface PartitionRange {
  readonly offset: number;
  readonly size: number;
}

/**
 * Reads exactly `length` bytes at `offset` inside `range`. A read outside the range or a short
 * read is CORRUPT_DATA: a filesystem pointed past its own partition.
 */
export async function readRange(
  source: ByteSource,
  range: PartitionRange,
  offset: number,
  length: number,
  what: string,
): Promise<Uint8Array> {
  if (!Number.isSafeInteger(offset) || offset < 0 || length < 0 || offset + length > range.size) {
    throw new OrchError(
      'CORRUPT_DATA',
      `${what} at partition offset ${offset} (+${length} bytes) lies outside the ${range.size}-byte partition`,
      { details: { offset, length, partitionSize: range.size } },
    );
  }
  const bytes = await source.read(range.offset + offset, length);
  if (bytes.byteLength !== length) {
    throw new OrchError(
      'CORRUPT_DATA',
      `${what}: read ${bytes.byteLength} of ${length} bytes at disk offset ${range.offset + offset} (image too short)`,
      { details: { offset: range.offset + offset, expected: length, actual: bytes.byteLength } },
    );
  }
  return bytes;
}

/** A byte source over an in-memory buffer (tests, small images). */
export function bufferSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.byteLength,
    read: (offset, length) =>
      Promise.resolve(
        bytes.subarray(Math.min(offset, bytes.byteLength), Math.min(offset + length, bytes.byteLength)),
      ),
  };
}
