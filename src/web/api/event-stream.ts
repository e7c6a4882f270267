import { toApiError, UnreachableError, type ApiError } from './api-error.js';
import type { StreamRequest } from './api-client.js';
import { createSseParser, isTerminalEvent, type SseMessage } from '../../api/sse-reader.js';

/** Where a followed stream stands, for the page to say so. */
export type StreamState =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'open' }
  /** The connection dropped (orchd stopped, network lost) before the end: trying again. */
  | { readonly kind: 'reconnecting'; readonly attempt: number; readonly error: Error }
  | { readonly kind: 'ended' }
  /**
   * orchd refused the stream (401, 403, 404, ...), or ended it with an `error` event because the
   * credential was revoked or expired (401, 403): not retried.
   */
  | { readonly kind: 'refused'; readonly error: ApiError };

/** How to follow one event stream. */
export interface FollowOptions {
  /** The request, asked again before each connection (the token may have changed). */
  readonly request: () => StreamRequest;
  /**
   * Each event; return true when it is the last one the stream will send (e.g. a verdict). An
   * `end` or `error` event is always the last: the stream is not followed after it, whatever this
   * returns.
   */
  readonly onEvent: (event: SseMessage) => boolean;
  readonly onState?: (state: StreamState) => void;
  /** Stops following (the page closed). */
  readonly signal: AbortSignal;
  readonly fetch?: typeof fetch;
  /** First wait before a reconnection; doubled up to `maxRetryMs`. Default 1 s. */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /** Waits `ms` (tests inject a clock-free one). */
  readonly delay?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const wait = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Follows a server-sent event stream with fetch, so the Authorization header goes with it
 * (EventSource cannot send one, and a token never goes into a URL). A connection that drops
 * before the last event (a verdict `onEvent` recognises, or orchd's `end` / `error`) is made
 * again after a growing pause, with `Last-Event-ID` when the server gave ids; orchd's streams
 * start with the whole current state, so the page catches up. After the last event it is not.
 * Resolves when the stream ended, was refused, or `signal` aborted.
 */
export async function followEventStream(options: FollowOptions): Promise<void> {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const delay = options.delay ?? wait;
  /** The last `id:` the server sent, sent back as Last-Event-ID on a reconnection. */
  let lastEventId: string | undefined;
  const maxRetry = options.maxRetryMs ?? 15_000;
  let attempt = 0;
  const state = (s: StreamState): void => {
    if (!options.signal.aborted) options.onState?.(s);
  };
  for (;;) {
    if (options.signal.aborted) return;
    state({ kind: 'connecting' });
    let problem: Error;
    try {
      const finished = await connect();
      if (finished === 'refused') return;
      if (finished === 'ended') {
        state({ kind: 'ended' });
        return;
      }
      problem = new UnreachableError(new Error('the event stream ended early'));
    } catch (error) {
      if (options.signal.aborted) return;
      problem = error instanceof UnreachableError ? error : new UnreachableError(error);
    }
    attempt += 1;
    state({ kind: 'reconnecting', attempt, error: problem });
    const base = options.retryMs ?? 1000;
    await delay(Math.min(base * 2 ** Math.min(attempt - 1, 4), maxRetry), options.signal);
  }

  /** One connection: 'ended' after the last event, 'dropped' when it closed before, 'refused'. */
  async function connect(): Promise<'ended' | 'dropped' | 'refused'> {
    const request = options.request();
    const headers: Record<string, string> = { ...request.headers };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const response = await doFetch(request.url, { headers, signal: options.signal, cache: 'no-store' });
    if (response.status !== 200 || !response.body) {
      const error = toApiError(response.status, await response.text());
      // 5xx and 429 are orchd (or a proxy) being briefly unavailable: try again.
      if (response.status >= 500 || response.status === 429) throw new UnreachableError(error);
      state({ kind: 'refused', error });
      return 'refused';
    }
    attempt = 0;
    state({ kind: 'open' });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const received: SseMessage[] = [];
    const feed = createSseParser((message) => received.push(message));
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'dropped';
      feed(value);
      for (const event of received.splice(0)) {
        if (event.id !== undefined) lastEventId = event.id;
        const last = options.onEvent(event) || isTerminalEvent(event);
        if (last) {
          await reader.cancel().catch(() => undefined);
          const refusal = event.event === 'error' ? credentialRefusal(event.data) : undefined;
          if (!refusal) return 'ended';
          // Revoked or expired while open: refused like a new request, so the page signs out.
          state({ kind: 'refused', error: refusal });
          return 'refused';
        }
      }
    }
  }
}

/** Statuses of the `error` events orchd's stream guard ends a stream with (src/server/events). */
const CREDENTIAL_ERRORS: Readonly<Record<string, number>> = { Unauthenticated: 401, PermissionDenied: 403 };

/** The refusal an `error` event stands for when the credential no longer passes, else undefined. */
function credentialRefusal(data: string): ApiError | undefined {
  try {
    const status = CREDENTIAL_ERRORS[(JSON.parse(data) as { code?: string }).code ?? ''];
    return status === undefined ? undefined : toApiError(status, data);
  } catch {
    return undefined;
  }
}
