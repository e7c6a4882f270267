import { Worker } from 'node:worker_threads';
import { isErrorCode, OrchError } from '../../core/errors/index.js';
import { ZSTD_MAX_WINDOW_BYTES } from './zstd-frame.js';
import type { DecoderWorkerData, ToParent, ToWorker, WorkerDecoderKind } from './decoder-worker-protocol.js';

/** Decoded chunks the worker may have posted and the consumer not yet taken (each up to 128 KiB). */
const MAX_OUTSTANDING = 16;

/** Input bytes per message to the worker (a larger chunk from the caller is sent in slices). */
const MAX_INPUT_SLICE_BYTES = 1024 * 1024;

/** The worker entry next to this module: `.ts` when run from source (tsx), `.js` when built. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './decoder-worker.ts' : './decoder-worker.js', import.meta.url);

/** A worker of the decoder; from source it first registers the TypeScript loader (tsx) in its thread. */
function startWorker(workerData: DecoderWorkerData): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * Decodes a zstd, xz or bzip2 stream in a worker thread (so the event loop never runs the decode): chunks go to the worker one at a time (the next when
 * it asks), decoded chunks come back through a queue whose length the worker respects (a shared
 * counter), so a slow consumer slows the worker down. Stopping the iteration ends the worker.
 */
export async function* decodeInWorker(
  kind: WorkerDecoderKind,
  input: AsyncIterable<Uint8Array>,
  maxWindowBytes: number = ZSTD_MAX_WINDOW_BYTES,
): AsyncGenerator<Uint8Array> {
  const credits = new SharedArrayBuffer(4);
  const outstanding = new Int32Array(credits);
  const data: DecoderWorkerData = { kind, credits, maxOutstanding: MAX_OUTSTANDING, maxWindowBytes };
  const worker = startWorker(data);
  const inbox: ToParent[] = [];
  let wake: (() => void) | undefined;
  const deliver = (message: ToParent) => {
    inbox.push(message);
    wake?.();
  };
  worker.on('message', deliver);
  worker.on('error', (error) =>
    deliver({ type: 'error', code: 'Internal', message: error.message, retryable: false, details: null }),
  );
  worker.on('exit', (code) => {
    if (code !== 0)
      deliver({
        type: 'error',
        code: 'Internal',
        message: `the ${kind} decoder worker exited with ${code}`,
        retryable: false,
        details: null,
      });
  });
  const source = input[Symbol.asyncIterator]();
  const send = (message: ToWorker, transfer: ArrayBuffer[] = []) => worker.postMessage(message, transfer);
  // Feeds the next input chunk; input errors (the network) end the decode unchanged.
  let inputError: { error: unknown } | undefined;
  // Left of the caller's last chunk: sent in slices, so one huge chunk is not copied all at once
  // on the event loop.
  let rest: Uint8Array = new Uint8Array(0);
  const sendSlice = (): void => {
    // A copy (a Buffer's slice would be a view): the caller's buffer stays usable.
    const bytes = new Uint8Array(rest.subarray(0, MAX_INPUT_SLICE_BYTES));
    rest = rest.subarray(bytes.byteLength);
    send({ type: 'chunk', bytes }, [bytes.buffer as ArrayBuffer]);
  };
  const feed = (): void => {
    if (rest.byteLength > 0) return sendSlice();
    source.next().then(
      (next) => {
        if (next.done) return send({ type: 'end' });
        rest = next.value;
        sendSlice();
      },
      (error: unknown) => {
        inputError = { error };
        wake?.();
      },
    );
  };
  try {
    feed();
    for (;;) {
      while (inbox.length === 0 && !inputError) await new Promise<void>((resolve) => (wake = resolve));
      if (inputError) throw inputError.error;
      const message = inbox.shift()!;
      switch (message.type) {
        case 'more':
          feed();
          break;
        case 'data':
          Atomics.sub(outstanding, 0, 1);
          Atomics.notify(outstanding, 0);
          yield message.bytes;
          break;
        case 'end':
          return;
        case 'error':
          throw new OrchError(isErrorCode(message.code) ? message.code : 'Internal', message.message, {
            retryable: message.retryable,
            ...(message.details ? { details: message.details } : {}),
          });
      }
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
    // Not awaited: a read still in flight (a stalled server) would hold this up.
    source.return?.().catch(() => undefined);
  }
}
