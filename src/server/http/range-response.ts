/**
 * @module
 * Serving a file by byte ranges: single byte ranges (RFC 9110 section 14.2) and If-Range (RFC 9110
 * section 13.1.5), as pure rules. The test image server answers with them, and orchd's image
 * cache will: nodes resume a dropped download with `Range` + `If-Range` against either.
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

/** The file being served, as its validators describe it. */
export interface ServedRepresentation {
  readonly size: number;
  /** Strong ETag, quoted (`"abc"`); a weak one never satisfies If-Range. */
  readonly etag?: string;
  /** Last-Modified, as an HTTP-date. */
  readonly lastModified?: string;
  /** Whether ranges are served at all (default true); false answers every GET whole. */
  readonly acceptRanges?: boolean;
}

/** The request headers a range answer depends on. */
export interface RangeRequestHeaders {
  readonly range?: string;
  readonly ifRange?: string;
}

/** How to answer: status, headers (no content-type: the caller's), and the bytes to send. */
export interface RangeAnswer {
  readonly status: 200 | 206 | 416;
  readonly headers: Readonly<Record<string, string | number>>;
  /** The inclusive byte range to send; absent for a 416 and an empty file (and HEAD sends none). */
  readonly body?: ByteRange;
}

/**
 * The answer to a GET or HEAD of `file`: 206 with Content-Range for a satisfiable range whose
 * If-Range (if any) still matches, 416 with the unsatisfied form of Content-Range for one past the end,
 * else 200 with the whole file. Validators and Accept-Ranges are always sent.
 */
export function answerRange(request: RangeRequestHeaders, file: ServedRepresentation): RangeAnswer {
  const acceptRanges = file.acceptRanges ?? true;
  const headers: Record<string, string | number> = {};
  if (file.etag) headers.etag = file.etag;
  if (file.lastModified) headers['last-modified'] = file.lastModified;
  headers['accept-ranges'] = acceptRanges ? 'bytes' : 'none';
  let asked = acceptRanges ? parseRange(request.range, file.size) : { kind: 'none' as const };
  if (asked.kind !== 'none' && !ifRangeMatches(request.ifRange, file.etag, file.lastModified)) {
    asked = { kind: 'none' };
  }
  if (asked.kind === 'unsatisfiable') {
    return { status: 416, headers: { ...headers, 'content-range': `bytes */${file.size}` } };
  }
  const range = asked.kind === 'range' ? asked.range : { start: 0, end: file.size - 1 };
  headers['content-length'] = range.end - range.start + 1;
  if (asked.kind === 'range') headers['content-range'] = `bytes ${range.start}-${range.end}/${file.size}`;
  const status = asked.kind === 'range' ? 206 : 200;
  return file.size === 0 ? { status, headers } : { status, headers, body: range };
}
