/**
 * Pieces of a disk handed to the pure GPT validator, so that it never does I/O itself.
 * @module
 */

/** `bytes` as found on the disk at byte `offset`. */
export interface DiskRegion {
  readonly offset: number;
  readonly bytes: Uint8Array;
}

/** The `length` bytes at `offset` if one region holds them all, else undefined. */
export function readRegion(
  regions: readonly DiskRegion[],
  offset: number,
  length: number,
): Uint8Array | undefined {
  for (const region of regions) {
    const start = offset - region.offset;
    if (start >= 0 && start + length <= region.bytes.length)
      return region.bytes.subarray(start, start + length);
  }
  return undefined;
}
