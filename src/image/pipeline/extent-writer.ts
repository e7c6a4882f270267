import { createHash, type Hash } from 'node:crypto';
import { OrchError } from '../../core/errors/index.js';
import type { Extent } from '../extent.js';
import type { ProgressTracker } from '../progress/progress-tracker.js';
import { abortedError } from './aborted-error.js';
import { readAhead } from './read-ahead.js';
import type { ImageSink, SinkReport } from '../sink/image-sink.js';

/** Totals of {@link writeExtents}. */
export interface WrittenTotals {
  readonly bytesWritten: number;
  readonly bytesSkipped: number;
  /** Hex sha256 of the raw content, when asked for. */
  readonly rawSha256?: string;
}

const ZEROS = new Uint8Array(1024 * 1024);

/**
 * Hands extents to the sink one at a time, awaiting each write (backpressure: nothing is pulled
 * from the network faster than the disk takes it), with the next extent produced while a write
 * runs ({@link readAhead}). Checks the extents are contiguous, since a
 * gap would leave stale disk content where the image has zeros.
 */
export async function writeExtents<R extends SinkReport>(
  extents: AsyncIterable<Extent>,
  sink: ImageSink<R>,
  progress: ProgressTracker,
  options: { rawSha256?: boolean; signal?: AbortSignal },
): Promise<WrittenTotals> {
  const raw: Hash | undefined = options.rawSha256 ? createHash('sha256') : undefined;
  let written = 0;
  let skipped = 0;
  for await (const extent of readAhead(extents)) {
    if (options.signal?.aborted) throw abortedError(options.signal);
    if (extent.offset !== written + skipped) {
      throw new OrchError('Internal', `extent at ${extent.offset} does not follow ${written + skipped}`);
    }
    await sink.write(extent);
    if (extent.kind === 'data') {
      raw?.update(extent.data);
      written += extent.data.byteLength;
    } else {
      if (raw) hashZeros(raw, extent.length);
      skipped += extent.length;
    }
    progress.written(written + skipped);
  }
  return { bytesWritten: written, bytesSkipped: skipped, ...(raw ? { rawSha256: raw.digest('hex') } : {}) };
}

function hashZeros(hash: Hash, length: number): void {
  for (let left = length; left > 0; left -= ZEROS.byteLength) {
    hash.update(left >= ZEROS.byteLength ? ZEROS : ZEROS.subarray(0, left));
  }
}
