/**
 * @module
 * Reads a response body chunk by chunk with an idle timeout that runs only while waiting for the
 * server (never while the consumer holds us back) and with cancellation.
 */
import type { IncomingMessage } from 'node:http';
import { abortedFailure, idleFailure } from './http-failure.js';

/** What {@link bodyChunks} watches besides the body. */
export interface BodyWatch {
  readonly url: URL;
  readonly idleTimeoutMs: number;
  readonly signal: AbortSignal | undefined;
}

const PREMATURE_CLOSE = 'the connection closed before the end of the body';

/** The next chunk, `null` at the end; rejects on a broken connection, a stall or an abort. */
function nextChunk(body: IncomingMessage, watch: BodyWatch): Promise<Buffer | null> {
  const ready = body.read() as Buffer | null;
  if (ready !== null) return Promise.resolve(ready);
  if (body.readableEnded) return Promise.resolve(null);
  // A body that broke while nobody listened (the consumer was busy) emits nothing more: Node
  // emits a response's 'error' only to existing listeners, and 'close' has already passed.
  if (body.destroyed) return Promise.reject(body.errored ?? new Error(PREMATURE_CLOSE));
  if (watch.signal?.aborted) return Promise.reject(abortedFailure(watch.url, watch.signal.reason));
  return new Promise((resolve, reject) => {
    const settle = (fn: () => void): void => {
      clearTimeout(timer);
      body.off('readable', onReadable).off('end', onEnd).off('error', onError).off('close', onClose);
      watch.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onReadable = (): void => {
      const chunk = body.read() as Buffer | null;
      if (chunk !== null) settle(() => resolve(chunk));
    };
    const onEnd = (): void => settle(() => resolve(null));
    const onError = (error: unknown): void => settle(() => reject(error));
    const onClose = (): void => {
      if (!body.readableEnded)
        settle(() => reject(new Error('the connection closed before the end of the body')));
    };
    const onAbort = (): void => settle(() => reject(abortedFailure(watch.url, watch.signal?.reason)));
    const timer = setTimeout(
      () => settle(() => reject(idleFailure(watch.url, watch.idleTimeoutMs, 'receiving the body'))),
      watch.idleTimeoutMs,
    );
    body.on('readable', onReadable).on('end', onEnd).on('error', onError).on('close', onClose);
    watch.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The body's chunks in order. Ends normally only when the body is complete (Node checks the
 * Content-Length or the chunked framing); a premature close rejects with the socket's error. The
 * body is destroyed when the iteration stops for any reason.
 */
export async function* bodyChunks(body: IncomingMessage, watch: BodyWatch): AsyncGenerator<Buffer, void> {
  try {
    for (;;) {
      const chunk = await nextChunk(body, watch);
      if (chunk === null) return;
      yield chunk;
    }
  } finally {
    body.destroy();
  }
}
