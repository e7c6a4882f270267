/** Messages between the in-process zstd decoder and its worker thread. */
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

/** What the worker starts with. */
export interface ZstdWorkerData {
  /** One Int32: decoded chunks posted and not yet taken by the parent. */
  readonly credits: SharedArrayBuffer;
  /** The worker waits while this many are outstanding. */
  readonly maxOutstanding: number;
  readonly maxWindowBytes: number;
}
