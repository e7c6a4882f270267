/**
 * The unit that flows from the decoders (raw or qcow2) to a sink: a piece of the raw disk image.
 *
 * Contract shared by every producer and sink in src/image:
 * - extents arrive in strictly increasing `offset` order, without gaps or overlaps, and together
 *   cover [0, virtual size) of the raw disk image;
 * - a `hole` reads as zeros (qcow2 zero/unallocated clusters, or all-zero blocks found by a producer);
 * - a `data` extent's bytes belong to the consumer only until its promise/callback resolves: a
 *   producer may reuse nothing it has handed over, and a sink may keep what it needs (e.g. the
 *   held-back first MiB) only by copying.
 */
export type Extent =
  | { readonly kind: 'data'; readonly offset: number; readonly data: Uint8Array }
  | { readonly kind: 'hole'; readonly offset: number; readonly length: number };

/** Length in bytes of an extent. */
export function extentLength(extent: Extent): number {
  return extent.kind === 'data' ? extent.data.byteLength : extent.length;
}
