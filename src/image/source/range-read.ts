/**
 * @module
 * One ranged read (`Range: bytes=a-b`, with If-Range when the image is known). The caller adds
 * retries.
 */
import { OrchError } from '../../core/errors/index.js';
import { describeNetworkError, truncatedFailure } from './http-failure.js';
import { bodyChunks } from './read-body.js';
import { checkRangeResponse } from './range-response-check.js';
import { ifRangeValue } from './representation.js';
import { headOf } from './response-check.js';
import { sendRequest } from './send-request.js';
import type { SourceRuntime } from './source-runtime.js';

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
    runtime.learn(checkRangeResponse(url, start, length, runtime.known, headOf(response)));
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
