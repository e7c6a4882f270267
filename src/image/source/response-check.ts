/**
 * @module
 * Decides what a response to a (possibly ranged) GET means for a download, from its status and
 * headers alone: continue, start again from byte 0 (the server ignored the Range), or stop
 * because the image changed or the server misbehaved. Pure: no I/O.
 */
import { OrchError } from '../../core/errors/index.js';
import { redactUrl } from './redact-url.js';
import { changeBetween, type Representation } from './representation.js';
import { sourceChanged, statusFailure } from './http-failure.js';

/** The parts of a response head this module reads. */
export interface ResponseHead {
  readonly status: number;
  readonly statusText?: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** What to do with the body of an accepted response. */
export interface BodyPlan {
  /** Offset in the image of the body's first byte (0 for a 200). */
  readonly start: number;
  /** True when a Range request was answered with the whole image (from byte 0). */
  readonly restarted: boolean;
  /** The image as this response describes it. */
  readonly representation: Representation;
  /** Whether the server says it serves ranges (`Accept-Ranges: bytes`, or it just did). */
  readonly rangeSupported: boolean;
}

/** The head of a node:http response. */
export function headOf(response: {
  readonly statusCode?: number;
  readonly statusMessage?: string;
  readonly headers: ResponseHead['headers'];
}): ResponseHead {
  return { status: response.statusCode ?? 0, statusText: response.statusMessage, headers: response.headers };
}

function header(head: ResponseHead, name: string): string | undefined {
  const value = head.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `bytes 10-19/100` -> {first, last, total}; total undefined for `*`. */
export function parseContentRange(
  value: string | undefined,
): { first: number; last: number; total?: number } | undefined {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const total = match[3] === '*' ? undefined : Number(match[3]);
  return { first: Number(match[1]), last: Number(match[2]), ...(total === undefined ? {} : { total }) };
}

function lengthOf(head: ResponseHead): number | undefined {
  const value = header(head, 'content-length');
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** The representation a response describes (its size from Content-Range or Content-Length). */
export function representationOf(head: ResponseHead): Representation {
  const range = head.status === 206 ? parseContentRange(header(head, 'content-range')) : undefined;
  const size = head.status === 206 ? range?.total : lengthOf(head);
  const etag = header(head, 'etag');
  const lastModified = header(head, 'last-modified');
  return {
    ...(etag ? { etag } : {}),
    ...(lastModified ? { lastModified } : {}),
    ...(size === undefined ? {} : { size }),
  };
}

/**
 * Checks the answer to a GET for the bytes from `offset` (a Range request when offset > 0) of an
 * image last seen as `known`. Throws SOURCE_CHANGED, HTTP_* or (for a 206 that does not start at
 * `offset`) a non-retryable HTTP_STATUS.
 */
export function checkResponse(
  url: URL,
  offset: number,
  known: Representation | undefined,
  head: ResponseHead,
): BodyPlan {
  const now = representationOf(head);
  if (head.status === 416 && offset > 0)
    throw sourceChanged(url, `it no longer has a byte at offset ${offset}`, offset);
  if (head.status !== 200 && head.status !== 206) throw statusFailure(url, head.status, head.statusText);
  const why = known ? changeBetween(known, now) : undefined;
  if (why !== undefined) throw sourceChanged(url, why, offset);
  const acceptRanges = header(head, 'accept-ranges')?.toLowerCase();
  if (head.status === 200) {
    return { start: 0, restarted: offset > 0, representation: now, rangeSupported: acceptRanges === 'bytes' };
  }
  const range = parseContentRange(header(head, 'content-range'));
  if (range === undefined || range.first !== offset) {
    const got = header(head, 'content-range') ?? 'no Content-Range';
    throw new OrchError(
      'HTTP_STATUS',
      `${redactUrl(url)}: asked for bytes from ${offset}, the server sent ${got}`,
      {
        retryable: false,
        details: { url: redactUrl(url), offset },
      },
    );
  }
  return { start: offset, restarted: false, representation: now, rangeSupported: true };
}
