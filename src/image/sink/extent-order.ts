/**
 * The ordering half of the Extent contract (src/image/extent.ts), checked by every sink: a
 * producer that breaks it has a bug, so the error is a RangeError, not an OrchError.
 * @module
 */
import type { Extent } from '../extent.js';

/**
 * Checks that `extent` starts exactly at `expectedOffset` (no gap, no overlap, no reordering) and
 * has a sane length; returns that length. Throws RangeError naming both offsets otherwise.
 */
export function checkExtentOrder(extent: Extent, expectedOffset: number): number {
  const length = extent.kind === 'data' ? extent.data.byteLength : extent.length;
  if (extent.kind !== 'data' && extent.kind !== 'hole') {
    throw new RangeError(`extent of unknown kind ${JSON.stringify((extent as { kind: unknown }).kind)}`);
  }
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`${extent.kind} extent at offset ${extent.offset} has an invalid length ${length}`);
  }
  if (extent.offset !== expectedOffset) {
    const what = extent.offset > expectedOffset ? 'leaves a gap' : 'overlaps or goes backwards';
    throw new RangeError(
      `extents out of order: expected offset ${expectedOffset}, got ${extent.kind} extent at ${extent.offset} (${what}); producers must emit contiguous, increasing extents`,
    );
  }
  return length;
}
