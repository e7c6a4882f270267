/**
 * Worker thread entry of the in-process decoders (zstd, xz, bzip2; see decoder-worker-client.ts): decodes the
 * chunks its parent posts and posts the decoded ones back, waiting (Atomics.wait on the shared
 * credit counter) while the parent holds too many undelivered, so memory stays bounded.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isOrchError } from '../../core/errors/index.js';
import type { DecoderWorkerData, ToParent, ToWorker, WorkerDecoderKind } from './decoder-worker-protocol.js';
import { decodeZstdHere } from './fzstd-decoder.js';
import { decodeBzip2Here, decodeXzHere } from './in-process-decoders.js';

const port = parentPort;
if (!port) throw new Error('decoder-worker runs as a worker thread only');
const { kind, credits, maxOutstanding, maxWindowBytes } = workerData as DecoderWorkerData;
const outstanding = new Int32Array(credits);

/** Input chunks as the parent posts them; `null` ends the input. */
const queue: (Uint8Array | null)[] = [];
let wake: (() => void) | undefined;
port.on('message', (message: ToWorker) => {
  queue.push(message.type === 'chunk' ? message.bytes : null);
  wake?.();
});

async function* input(): AsyncGenerator<Uint8Array> {
  for (;;) {
    while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    const next = queue.shift()!;
    if (next === null) return;
    yield next;
    // Asked for the next one only once this one was taken (the parent sends one at a time).
    post({ type: 'more' });
  }
}

const post = (message: ToParent, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer ?? []);

const DECODE: Readonly<
  Record<WorkerDecoderKind, (input: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>>
> = {
  zstd: (source) => decodeZstdHere(source, maxWindowBytes),
  xz: decodeXzHere,
  bzip2: decodeBzip2Here,
};

try {
  for await (const chunk of DECODE[kind](input())) {
    const copy = new Uint8Array(chunk);
    Atomics.add(outstanding, 0, 1);
    post({ type: 'data', bytes: copy }, [copy.buffer as ArrayBuffer]);
    for (let held = Atomics.load(outstanding, 0); held >= maxOutstanding; held = Atomics.load(outstanding, 0))
      Atomics.wait(outstanding, 0, held, 1000);
  }
  post({ type: 'end' });
} catch (error) {
  post(
    isOrchError(error)
      ? {
          type: 'error',
          code: error.code,
          message: error.message,
          retryable: error.retryable,
          details: error.details ?? null,
        }
      : {
          type: 'error',
          code: 'Internal',
          message: error instanceof Error ? error.message : String(error),
          retryable: false,
          details: null,
        },
  );
}
