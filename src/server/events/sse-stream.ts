import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { streamGuardOf } from './stream-guard.js';

/** An open server-sent event stream. */
export interface SseStream {
  /** Writes one event; `id` sets the client's Last-Event-ID. Ignored once closed. */
  send(event: string, data: unknown, id?: string): void;
  /** Ends the stream (the client reconnects only if it wants to). */
  close(): void;
  readonly closed: boolean;
  /** Called once when the stream ends, whoever ended it. */
  onClose(listener: () => void): void;
}

/** How a stream keeps idle proxies from closing it. */
export interface SseOptions {
  /** Interval of the `: keep-alive` comment lines (ms). */
  readonly heartbeatMs: number;
}

/** One SSE frame: `id:` (optional), `event:`, `data:` (JSON on one line), blank line. */
export function sseFrame(event: string, data: unknown, id?: string): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The `Last-Event-ID` a reconnecting client sent, if any. */
export function lastEventIdOf(request: FastifyRequest): string | undefined {
  const value = request.headers['last-event-id'];
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
}

/**
 * Streams that must end when the app closes (else closing waits for every client): registers a
 * preClose hook on `app` and returns the set {@link startSse} adds to.
 */
export function trackSseStreams(app: FastifyInstance): Set<SseStream> {
  const open = new Set<SseStream>();
  app.addHook('preClose', async () => [...open].forEach((stream) => stream.close()));
  return open;
}

/**
 * Answers `reply` with a text/event-stream and returns the stream. The headers and a first
 * comment line go out at once, so a fetch-based reader (the web console's, which sends the
 * Authorization header an EventSource cannot) resolves before the first event. Heartbeat comment
 * lines follow every `heartbeatMs`; the stream closes when the client goes away. Under the
 * `/v1` API the stream guard ({@link streamGuardOf}) caps open streams per caller and in all,
 * and ends a stream whose credential is revoked or expires.
 */
export function startSse(reply: FastifyReply, options: SseOptions, open?: Set<SseStream>): SseStream {
  // Over the caller's or orchd's cap this throws TOO_MANY_STREAMS (429) before anything is sent.
  const slot = streamGuardOf(reply)?.admit(reply.request);
  const body = new PassThrough();
  const listeners: (() => void)[] = [];
  let closed = false;
  const heartbeat = setInterval(() => body.write(': keep-alive\n\n'), options.heartbeatMs);
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    open?.delete(stream);
    body.end();
    listeners.splice(0).forEach((listener) => listener());
  };
  const stream: SseStream = {
    send: (event, data, id) => void (closed || body.write(sseFrame(event, data, id))),
    close,
    get closed() {
      return closed;
    },
    onClose: (listener) => void (closed ? listener() : listeners.push(listener)),
  };
  open?.add(stream);
  // Re-authorised every so often (revoked, expired → `error` event and the end); the slot is
  // given back when the stream closes.
  slot?.attach(stream);
  body.on('close', close);
  // The response's close: the client went away (or the stream ended).
  reply.raw.once('close', close);
  body.write(': stream open\n\n');
  void reply
    .header('content-type', 'text/event-stream; charset=utf-8')
    .header('cache-control', 'no-cache')
    .header('x-accel-buffering', 'no')
    .send(body);
  return stream;
}
