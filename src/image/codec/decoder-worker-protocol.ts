/** Messages between an in-process decoder (zstd, xz, bzip2) and its worker thread. */

/** The decoders a worker can run: fzstd, xz-decompress (WASM) and unbzip2-stream. */
export type WorkerDecoderKind = 'zstd' | 'xz' | 'bzip2';

export type ToWorker = { readonly type: 'chunk'; readonly bytes: Uint8Array } | { readonly type: 'end' };

export type ToParent =
  | { readonly type: 'data'; readonly bytes: Uint8Array }
  /** The worker took the last chunk and wants the next. */
  | { readonly type: 'more' }
  | { readonly type: 'end' }
  | {
      readonly type: 'error';
      readonly code: string;
      readonly message: string;
      readonly retryable: boolean;
      readonly details: Record<string, unknown> | null;
    };

/**
 * Where a decoder in the worker puts its output, as it produces it: `write` copies the bytes and
 * may block the thread until the consumer has taken enough, so a decoder's memory does not depend
 * on how far its input expands (an RLE block, a bzip2 run) nor on how much input it was given.
 */
export interface DecodedSink {
  write(bytes: Uint8Array): void;
}

/** Decoded bytes per chunk posted to the parent (the unit of the credit counter). */
export const DECODED_CHUNK_BYTES = 128 * 1024;

/** What the worker starts with. */
export interface DecoderWorkerData {
  readonly kind: WorkerDecoderKind;
  /** One Int32: decoded chunks posted and not yet taken by the parent. */
  readonly credits: SharedArrayBuffer;
  /** The worker waits while this many are outstanding. */
  readonly maxOutstanding: number;
  /** zstd only: the largest window a frame may declare. */
  readonly maxWindowBytes: number;
}
