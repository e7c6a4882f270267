/**
 * @module
 * The pure HTTP rules of the test image server: single byte ranges (RFC 9110 section 14.2) and
 * If-Range (RFC 9110 section 13.1.5).
 */

/** A satisfiable byte range: first and last byte, both inclusive. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** What a Range header asks of a representation of `size` bytes. */
export type RangeRequest =
  | { readonly kind: 'none' }
  | { readonly kind: 'range'; readonly range: ByteRange }
  | { readonly kind: 'unsatisfiable' };

/**
 * Reads `Range: bytes=a-b | a- | -n`. Multiple ranges, other units and syntax errors are ignored
 * (answered with the full body), which RFC 9110 allows a server to do.
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'none' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'none' };
  const [, first = '', last = ''] = match;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(first);
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return { kind: 'none' };
  return { kind: 'range', range: { start, end } };
}

/**
 * True when an `If-Range` value still matches the representation: an ETag compares strongly (a
 * weak tag never matches), an HTTP-date must equal Last-Modified exactly. No header matches.
 */
export function ifRangeMatches(
  ifRange: string | undefined,
  etag: string | undefined,
  lastModified: string | undefined,
): boolean {
  if (ifRange === undefined) return true;
  const value = ifRange.trim();
  if (value.startsWith('W/')) return false;
  if (value.startsWith('"')) return etag !== undefined && !etag.startsWith('W/') && value === etag;
  return lastModified !== undefined && value === lastModified;
}
