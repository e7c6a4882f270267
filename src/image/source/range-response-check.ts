/**
 * @module
 * Decides what a response to `Range: bytes=a-b` means for a range read: the asked bytes, or why
 * not (the server cannot serve ranges, the image changed, it is shorter than asked). Pure: no I/O.
 */
import { OrchError, type ErrorCode } from '../../core/errors/index.js';
import { sourceChanged, statusFailure } from './http-failure.js';
import { redactUrl } from './redact-url.js';
import { changeBetween, type Representation } from './representation.js';
import { parseContentRange, representationOf, type ResponseHead } from './response-check.js';

function refuse(code: ErrorCode, url: URL, what: string, start: number, length: number): OrchError {
  const where = redactUrl(url);
  return new OrchError(code, `${where} ${what}`, {
    retryable: false,
    details: { url: where, start, length },
  });
}

/**
 * Checks the answer to a read of `length` bytes from `start` of an image last seen as `known`, and
 * returns the image as this answer describes it. Throws RANGE_UNSUPPORTED for a 200,
 * SOURCE_CHANGED when the validators or size moved, TRUNCATED when the image ends before the
 * asked bytes, HTTP_STATUS for a 206 of other bytes, and the status errors of any other answer.
 */
export function checkRangeResponse(
  url: URL,
  start: number,
  length: number,
  known: Representation | undefined,
  head: ResponseHead,
): Representation {
  const now = representationOf(head);
  const last = start + length - 1;
  const contentRange = head.headers['content-range'];
  const sent = typeof contentRange === 'string' ? contentRange : undefined;
  if (head.status === 416) {
    const total = /\/(\d+)$/.exec(sent ?? '')?.[1];
    throw refuse(
      'TRUNCATED',
      url,
      `has no byte at offset ${start}${total ? ` (it is ${total} bytes)` : ''}`,
      start,
      length,
    );
  }
  if (head.status !== 200 && head.status !== 206) throw statusFailure(url, head.status, head.statusText);
  const why = known ? changeBetween(known, now) : undefined;
  if (why !== undefined) throw sourceChanged(url, why);
  if (head.status === 200) {
    const what = `answered a request for bytes ${start}-${last} with the whole image (no range support)`;
    throw new OrchError('RANGE_UNSUPPORTED', `${redactUrl(url)}: the server ${what}`, {
      details: { url: redactUrl(url), start, length },
    });
  }
  const range = parseContentRange(sent);
  if (range === undefined || range.first !== start || range.last > last) {
    throw refuse(
      'HTTP_STATUS',
      url,
      `sent ${sent ?? 'no Content-Range'} when asked for bytes ${start}-${last}`,
      start,
      length,
    );
  }
  if (range.last < last) {
    throw refuse(
      'TRUNCATED',
      url,
      `ends at byte ${range.last}, before the asked bytes ${start}-${last}`,
      start,
      length,
    );
  }
  return now;
}
