import type { Extent } from '../extent.js';
import type { ImageSink, SinkReport } from '../sink/image-sink.js';

/** What a {@link createDiscardSink} saw (the fields every sink reports, plus the extent count). */
export interface DiscardReport extends SinkReport {
  /** Extents seen. */
  readonly extents: number;
}

/** A discard sink; `aborted` holds the abort reason once aborted. */
export interface DiscardSink extends ImageSink<DiscardReport> {
  readonly aborted: unknown;
}

/**
 * A sink that keeps nothing and counts: image validation runs the whole pipeline (download,
 * checksum, decode, qcow2 checks) through it without a disk. `inspect` sees each extent first,
 * e.g. to read the partition table or a filesystem superblock as they pass.
 */
export function createDiscardSink(
  inspect?: (extent: Extent) => void | Promise<void>,
  now: () => number = () => performance.now(),
): DiscardSink {
  const started = now();
  const counts = { bytesWritten: 0, bytesSkipped: 0, extents: 0 };
  let aborted: unknown;
  return {
    async write(extent) {
      await inspect?.(extent);
      counts.extents += 1;
      if (extent.kind === 'data') counts.bytesWritten += extent.data.byteLength;
      else counts.bytesSkipped += extent.length;
    },
    commit: async () => ({
      ...counts,
      imageSize: counts.bytesWritten + counts.bytesSkipped,
      durationMs: now() - started,
    }),
    async abort(reason) {
      aborted = reason;
    },
    get aborted() {
      return aborted;
    },
  };
}
