/**
 * The seam between the image pipeline and where a raw disk image goes: a disk (this folder's
 * disk sink), a cache file, or nothing but inspection. Every sink takes the same extents.
 * @module
 */
import type { Extent } from '../extent.js';

/** What every sink reports once committed. */
export interface SinkReport {
  /** Image bytes written to the target (held-back regions included once written). */
  readonly bytesWritten: number;
  /** Image bytes not written because they are zero (holes and all-zero blocks). */
  readonly bytesSkipped: number;
  /** Size of the raw image: the end of the last extent. */
  readonly imageSize: number;
  /** Wall time from opening the sink to the end of commit. */
  readonly durationMs: number;
}

/**
 * A consumer of a raw disk image as {@link Extent}s (contract in src/image/extent.ts).
 *
 * The caller awaits each `write` before the next (no overlapping calls), calls `commit` only
 * after the image's checksum matched, and `abort` on any failure, including a failed `commit`.
 * `abort` is idempotent and never leaves a half-valid result behind (for a disk: no valid
 * partition table). Calls after `commit` or `abort` throw.
 */
export interface ImageSink<Report extends SinkReport = SinkReport> {
  /** Bytes the target can hold, when bounded: a larger image fails before its first write. */
  readonly targetSize?: number;
  /** Consumes the next extent; rejects with an OrchError (TARGET_IO, TARGET_TOO_SMALL, ABORTED...). */
  write(extent: Extent): Promise<void>;
  /** Writes what was held back, makes the result durable, and reports. */
  commit(): Promise<Report>;
  /** Gives up: leaves the target unusable rather than half-written; `reason` is for logs only. */
  abort(reason: unknown): Promise<void>;
}
