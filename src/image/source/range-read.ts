/**
 * @module
 * One ranged read (`Range: bytes=a-b`, with If-Range when the image is known). The caller adds
 * retries.
 */
import { OrchError } from '../../core/errors/index.js';
import { describeNetworkError, statusFailure, truncatedFailure } from './http-failure.js';
import { bodyChunks } from './read-body.js';
import { redactUrl } from './redact-url.js';
import { changeBetween, ifRangeValue } from './representation.js';
import { headOf, parseContentRange, representationOf, type ResponseHead } from './response-check.js';
import { sendRequest } from './send-request.js';
import type { SourceRuntime } from './source-runtime.js';

/**
 * Checks a response to `Range: bytes=start-(start+length-1)`; throws RANGE_UNSUPPORTED for a 200,
 * SOURCE_CHANGED when the validators moved, TRUNCATED when the image is shorter than asked.
 */
export function checkRangeResponse(
  runtime: SourceRuntime,
  url: URL,
  start: number,
  length: number,
  head: ResponseHead,
) {
  const where = redactUrl(url);
  const now = representationOf(head);
  const why = runtime.known ? changeBetween(runtime.known, now) : undefined;
  if (why !== undefined && (head.status === 200 || head.status === 206)) {
    throw new OrchError('SOURCE_CHANGED', `${where} changed on the server: ${why}`, {
      details: { url: where },
    });
  }
  const range = parseContentRange(String(head.headers['content-range'] ?? ''));
  const last = start + length - 1;
  if (head.status === 200) {
    throw new OrchError(
      'RANGE_UNSUPPORTED',
      `${where}: the server answered a request for bytes ${start}-${last} with the whole image (no range support)`,
      {
        details: { url: where, start, length },
      },
    );
  }
  if (head.status === 416) {
    const total = /\/(\d+)$/.exec(String(head.headers['content-range'] ?? ''))?.[1];
    throw new OrchError(
      'TRUNCATED',
      `${where} has no byte at offset ${start}${total ? ` (it is ${total} bytes)` : ''}`,
      {
        retryable: false,
        details: { url: where, start, length },
      },
    );
  }
  if (head.status !== 206) throw statusFailure(url, head.status, head.statusText);
  if (range === undefined || range.first !== start || range.last > last) {
    throw new OrchError(
      'HTTP_STATUS',
      `${where}: asked for bytes ${start}-${last}, the server sent ${String(head.headers['content-range'] ?? 'no Content-Range')}`,
      {
        retryable: false,
        details: { url: where, start, length },
      },
    );
  }
  if (range.last < last) {
    throw new OrchError(
      'TRUNCATED',
      `${where} ends at byte ${range.last}, before the asked bytes ${start}-${last}`,
      {
        retryable: false,
        details: { url: where, start, length, size: range.total },
      },
    );
  }
  runtime.learn(now);
}

/** `length` bytes from `start`, in one request. */
export async function readRangeOnce(
  runtime: SourceRuntime,
  start: number,
  length: number,
): Promise<Uint8Array> {
  const validator = ifRangeValue(runtime.known);
  const headers = {
    range: `bytes=${start}-${start + length - 1}`,
    ...(validator ? { 'if-range': validator } : {}),
  };
  const { url, response } = await sendRequest(runtime.url, 'GET', headers, runtime.request);
  try {
    checkRangeResponse(runtime, url, start, length, headOf(response));
  } catch (error) {
    response.destroy();
    throw error;
  }
  const out = new Uint8Array(length);
  let filled = 0;
  try {
    for await (const chunk of bodyChunks(response, runtime.watch(url))) {
      runtime.count('bytesReceived', chunk.byteLength);
      out.set(chunk.subarray(0, length - filled), filled);
      filled += Math.min(chunk.byteLength, length - filled);
    }
  } catch (error) {
    if (error instanceof OrchError) throw error;
    throw truncatedFailure(url, filled, length, describeNetworkError(error));
  }
  if (filled < length) throw truncatedFailure(url, filled, length, 'the server ended the range early');
  return out;
}
