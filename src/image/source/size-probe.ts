/**
 * @module
 * Finds the image's size without downloading it: a HEAD, or a one-byte GET when HEAD is refused.
 * The caller adds retries.
 */
import { sourceChanged, statusFailure } from './http-failure.js';
import { changeBetween } from './representation.js';
import { headOf, representationOf, type ResponseHead } from './response-check.js';
import { sendRequest } from './send-request.js';
import type { SourceRuntime } from './source-runtime.js';

/** HEAD answers after which a one-byte GET is tried instead (pre-signed URLs are signed for GET only). */
const HEAD_REFUSED = new Set([403, 405, 501]);

/** The size from the answer to `bytes=0-0`: the Content-Range total (206) or Content-Length (200). */
async function probeSizeWithGet(runtime: SourceRuntime): Promise<number | undefined> {
  const { url, response } = await sendRequest(runtime.url, 'GET', { range: 'bytes=0-0' }, runtime.request);
  response.destroy();
  const head = headOf(response);
  if (head.status !== 200 && head.status !== 206) throw statusFailure(url, head.status, head.statusText);
  return learnSize(runtime, url, head);
}

function learnSize(runtime: SourceRuntime, url: URL, head: ResponseHead): number | undefined {
  const now = representationOf(head);
  const why = runtime.known ? changeBetween(runtime.known, now) : undefined;
  if (why !== undefined) throw sourceChanged(url, why);
  runtime.learn(now);
  return now.size;
}

/**
 * The size from a HEAD (or, when HEAD is refused with 403/405/501, from a one-byte GET);
 * undefined when the server does not say.
 */
export async function probeSize(runtime: SourceRuntime): Promise<number | undefined> {
  const { url, response } = await sendRequest(runtime.url, 'HEAD', {}, runtime.request);
  response.destroy();
  const head = headOf(response);
  if (HEAD_REFUSED.has(head.status)) return probeSizeWithGet(runtime);
  if (head.status !== 200) throw statusFailure(url, head.status, head.statusText);
  return learnSize(runtime, url, head);
}
