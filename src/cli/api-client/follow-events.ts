import { isTerminalEvent, readSse, type SseMessage } from '../../api/sse-reader.js';
import { CliError, EXIT } from '../cli-error.js';
import type { ApiClient, Query } from './api-client.js';
import { ApiError, toApiError } from './api-error.js';

/** How to follow one of orchd's event streams. */
export interface FollowEventsOptions {
  readonly client: ApiClient;
  readonly path: string;
  readonly query?: Query;
  /**
   * Called with every event in order; returning true ends following (the stream is closed).
   * A throw ends it too and is passed on. After an `end` or `error` event following ends
   * whatever this returns (orchd sends nothing more on that stream): after `end` it returns,
   * after an `error` this did not end on it throws orchd's error (401 exits 3, others 1).
   */
  onMessage(message: SseMessage): boolean | void;
  /** Called before each reconnect, with why the last connection ended. */
  onReconnect?(reason: string): void;
  /** Reconnects in a row that may fail before giving up (exit 3). Default 5. */
  readonly retries?: number;
  /** Wait before a reconnect, ms. Default 1000. */
  readonly retryDelayMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Statuses worth another try: orchd restarting behind a proxy, or busy. */
const RETRY_STATUSES = new Set([502, 503, 504]);

/**
 * Follows a `text/event-stream` until `onMessage` says enough or orchd sends its last event
 * (`end`, `error`). When the connection ends early, without such an event (orchd restarted, a
 * proxy timed out, the network blinked) it reconnects with `Last-Event-ID` set to the last id
 * seen, so the server replays what was missed; after `retries` failures in a row it gives up with
 * exit 3. A refusal (401, 403, 404) is not retried.
 */
export async function followEvents(options: FollowEventsOptions): Promise<void> {
  const retries = options.retries ?? 5;
  let lastEventId: string | undefined;
  let failures = 0;
  for (;;) {
    const abort = new AbortController();
    let reason = 'the stream ended';
    try {
      const response = await options.client.openStream(options.path, {
        ...(options.query ? { query: options.query } : {}),
        lastEventId,
        signal: abort.signal,
      });
      for await (const message of readSse(response.body)) {
        failures = 0;
        if (message.id !== undefined) lastEventId = message.id;
        if (options.onMessage(message) === true) return;
        if (message.event === 'error') throw streamError(message.data);
        if (isTerminalEvent(message)) return;
      }
    } catch (error) {
      if (error instanceof ApiError && !RETRY_STATUSES.has(error.status)) throw error;
      if (error instanceof CliError && !(error instanceof ApiError) && error.exitCode !== EXIT.unreachable)
        throw error;
      if (!(error instanceof CliError) && !isConnectionError(error)) throw error;
      reason = error instanceof Error ? error.message : String(error);
    } finally {
      abort.abort();
    }
    failures += 1;
    if (failures > retries) {
      throw new CliError(
        `lost orchd's event stream: ${reason} (gave up after ${retries} reconnects)`,
        EXIT.unreachable,
      );
    }
    options.onReconnect?.(reason);
    await sleep(options.retryDelayMs ?? 1000);
  }
}

/** A socket that closed or reset while the body was read (not a bug in a handler). */
function isConnectionError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (
    (typeof code === 'string' &&
      [
        'ECONNRESET',
        'ECONNREFUSED',
        'EPIPE',
        'ETIMEDOUT',
        'ERR_STREAM_PREMATURE_CLOSE',
        'ABORT_ERR',
      ].includes(code)) ||
    (error as Error | undefined)?.message === 'aborted'
  );
}

/** HTTP statuses of the codes orchd ends a stream with, so the error exits as a refusal would. */
const STREAM_ERROR_STATUS: Readonly<Record<string, number>> = {
  Unauthenticated: 401,
  PermissionDenied: 403,
  NotFound: 404,
};

/** The `error` event that ended a stream, as the ApiError a request refused the same way gives. */
function streamError(data: string): ApiError {
  let code = '';
  try {
    code = (JSON.parse(data) as { code?: string }).code ?? '';
  } catch {
    // not JSON: toApiError words it
  }
  return toApiError(STREAM_ERROR_STATUS[code] ?? 500, data);
}
