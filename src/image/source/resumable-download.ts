/**
 * @module
 * The whole image as one ordered byte sequence, whatever happens to the connections underneath:
 * a drop or a stall is resumed with `Range: bytes=N-` + `If-Range`; a server that answers such a
 * request with the whole image is read again from 0 with the bytes already delivered skipped.
 */
import type { IncomingMessage } from 'node:http';
import { OrchError } from '../../core/errors/index.js';
import { describeNetworkError, truncatedFailure } from './http-failure.js';
import { bodyChunks } from './read-body.js';
import { ifRangeValue } from './representation.js';
import { checkResponse, headOf, type BodyPlan } from './response-check.js';
import { sendRequest } from './send-request.js';
import type { SourceRuntime } from './source-runtime.js';
import { asOrchError } from './with-retries.js';

/** How far the consumer has been served. */
interface Progress {
  delivered: number;
}

function resumeHeaders(offset: number, runtime: SourceRuntime): Record<string, string> {
  if (offset === 0) return {};
  const validator = ifRangeValue(runtime.known);
  return { range: `bytes=${offset}-`, ...(validator === undefined ? {} : { 'if-range': validator }) };
}

function accept(runtime: SourceRuntime, url: URL, offset: number, response: IncomingMessage): BodyPlan {
  try {
    return checkResponse(url, offset, runtime.known, headOf(response));
  } catch (error) {
    response.destroy();
    throw error;
  }
}

function announce(
  runtime: SourceRuntime,
  plan: BodyPlan,
  status: number,
  offset: number,
  attempt: number,
): void {
  const { size, etag } = plan.representation;
  runtime.emit({ kind: 'response', status, size, etag, rangeSupported: plan.rangeSupported });
  if (!plan.restarted) return;
  runtime.count('restarts');
  const cause = `the server answered a request for the bytes from ${offset} with the whole image`;
  runtime.emit({ kind: 'restart', attempt, cause });
}

/** One request: yields the bytes after `progress.delivered` until the body ends or breaks. */
async function* downloadOnce(
  runtime: SourceRuntime,
  progress: Progress,
  attempt: number,
): AsyncGenerator<Buffer> {
  const offset = progress.delivered;
  const { url, response } = await sendRequest(
    runtime.url,
    'GET',
    resumeHeaders(offset, runtime),
    runtime.request,
  );
  const plan = accept(runtime, url, offset, response);
  runtime.learn(plan.representation);
  announce(runtime, plan, response.statusCode ?? 0, offset, attempt);
  let skip = offset - plan.start;
  const size = runtime.known?.size;
  try {
    for await (const chunk of bodyChunks(response, runtime.watch(url))) {
      runtime.count('bytesReceived', chunk.byteLength);
      if (skip >= chunk.byteLength) {
        skip -= chunk.byteLength;
        continue;
      }
      const fresh = skip > 0 ? chunk.subarray(skip) : chunk;
      skip = 0;
      progress.delivered += fresh.byteLength;
      yield fresh;
    }
  } catch (error) {
    if (error instanceof OrchError) throw error;
    throw truncatedFailure(url, progress.delivered, size, describeNetworkError(error));
  }
  if (size !== undefined && progress.delivered < size) {
    throw truncatedFailure(url, progress.delivered, size, 'the server ended the body early');
  }
}

/**
 * The image's bytes from 0 to the end, each exactly once. Tries that deliver new bytes are resumed
 * at once; tries in a row that deliver nothing back off, and after `maxAttempts` of them the last
 * cause is thrown. Non-retryable failures (TLS, 404, a changed image, ABORTED) are thrown at once.
 */
export async function* resumableDownload(runtime: SourceRuntime): AsyncGenerator<Buffer, void> {
  const progress: Progress = { delivered: 0 };
  let failures = 0;
  for (;;) {
    runtime.throwIfAborted();
    const before = progress.delivered;
    try {
      yield* downloadOnce(runtime, progress, failures + 1);
      return;
    } catch (error) {
      const failure = asOrchError(error);
      if (!failure.retryable) throw failure;
      failures = progress.delivered > before ? 0 : failures + 1;
      if (failures >= runtime.maxAttempts) throw runtime.exhausted(failure, failures);
      if (failures > 0) {
        const delayMs = runtime.backoffMs(failures);
        runtime.emit({ kind: 'retry', attempt: failures + 1, delayMs, cause: failure.message });
        await runtime.sleep(delayMs);
      }
      if (progress.delivered > 0) {
        runtime.count('resumes');
        runtime.emit({
          kind: 'resume',
          offset: progress.delivered,
          attempt: failures + 1,
          cause: failure.message,
        });
      }
    }
  }
}
