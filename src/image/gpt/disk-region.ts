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

/** Bytes read at each end of a disk so that `validateGpt` sees both GPTs of any usual layout. */
export const GPT_REGION_BYTES = 1024 * 1024;

/**
 * The ranges to read for validation: the first and the last MiB (one range for a disk of 2 MiB or
 * less). Tables with entry arrays elsewhere are reported as unread, not guessed.
 */
export function gptRegionsToRead(diskSize: number): { offset: number; length: number }[] {
  if (diskSize <= 2 * GPT_REGION_BYTES) return [{ offset: 0, length: diskSize }];
  return [
    { offset: 0, length: GPT_REGION_BYTES },
    { offset: diskSize - GPT_REGION_BYTES, length: GPT_REGION_BYTES },
  ];
}
