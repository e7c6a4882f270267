/**
 * The sink's view of its target: a regular file or a block device, with the few operations the
 * disk sink needs. Implementations: file-target.ts and device-target.ts.
 * @module
 */

/** A target opened lazily: probing (size, kind) never modifies it; `prepare` is the first write. */
export interface DiskTarget {
  readonly path: string;
  readonly kind: 'file' | 'device';
  /** Bytes the target holds (for a new or empty file: the size it will be given). */
  readonly size: number;
  /**
   * Opens for writing and clears what it can: a file is truncated to 0 then to `size` (every byte
   * reads as zero); a device gets its first and last MiB zeroed, and optionally `[0, imageSize)`
   * zeroed by the kernel. Resolves true when unwritten ranges read as zeros, so zero blocks may
   * be skipped.
   */
  prepare(imageSize: number): Promise<boolean>;
  /** Writes all of `bytes` at `offset`. */
  write(bytes: Uint8Array, offset: number): Promise<void>;
  /**
   * Like `write`, for bytes from `alignedBuffer` (page-aligned memory): written with O_DIRECT
   * where the target was opened so, as an ordinary write otherwise. Absent on targets without it.
   */
  readonly writeAligned?: (bytes: Uint8Array, offset: number) => Promise<void>;
  /** Flushes to stable storage (fsync). */
  sync(): Promise<void>;
  /** Closes the handle, if open; idempotent. */
  close(): Promise<void>;
}
