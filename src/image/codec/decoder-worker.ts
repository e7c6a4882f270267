/**
 * Worker thread entry of the in-process decoders (zstd, xz, bzip2; see decoder-worker-client.ts): decodes the
 * chunks its parent posts and posts the decoded bytes back in chunks of {@link DECODED_CHUNK_BYTES},
 * waiting (Atomics.wait on the shared credit counter) while the parent holds too many undelivered.
 * The wait happens inside the decoder's own output callback, so memory stays bounded however far
 * one input chunk expands.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isOrchError } from '../../core/errors/index.js';
import {
  DECODED_CHUNK_BYTES,
  type DecodedSink,
  type DecoderWorkerData,
  type ToParent,
  type ToWorker,
  type WorkerDecoderKind,
} from './decoder-worker-protocol.js';
import { decodeZstdInto } from './fzstd-decoder.js';
import { decodeBzip2Into, decodeXzInto } from './in-process-decoders.js';

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

/** Gathers decoded bytes into full chunks, posts each, and blocks while the parent is behind. */
class ChunkPoster implements DecodedSink {
  #chunk = new Uint8Array(DECODED_CHUNK_BYTES);
  #filled = 0;

  write(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.byteLength;) {
      const take = Math.min(bytes.byteLength - at, DECODED_CHUNK_BYTES - this.#filled);
      this.#chunk.set(bytes.subarray(at, at + take), this.#filled);
      this.#filled += take;
      at += take;
      if (this.#filled === DECODED_CHUNK_BYTES) this.flush();
    }
  }

  flush(): void {
    if (this.#filled === 0) return;
    const full = this.#filled === DECODED_CHUNK_BYTES ? this.#chunk : this.#chunk.slice(0, this.#filled);
    this.#chunk = new Uint8Array(DECODED_CHUNK_BYTES);
    this.#filled = 0;
    Atomics.add(outstanding, 0, 1);
    post({ type: 'data', bytes: full }, [full.buffer as ArrayBuffer]);
    for (let held = Atomics.load(outstanding, 0); held >= maxOutstanding; held = Atomics.load(outstanding, 0))
      Atomics.wait(outstanding, 0, held, 1000);
  }
}

const DECODE: Readonly<
  Record<WorkerDecoderKind, (input: AsyncIterable<Uint8Array>, sink: DecodedSink) => Promise<void>>
> = {
  zstd: (source, sink) => decodeZstdInto(source, sink, maxWindowBytes),
  xz: decodeXzInto,
  bzip2: decodeBzip2Into,
};

try {
  const sink = new ChunkPoster();
  await DECODE[kind](input(), sink);
  sink.flush();
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
