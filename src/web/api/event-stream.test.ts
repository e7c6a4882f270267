// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { followEventStream, type StreamState } from './event-stream.js';

/** A response whose body sends `chunks` and then ends (or stays open when `hang`). */
function sse(chunks: string[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

const noDelay = async () => undefined;

describe('followEventStream', () => {
  test('sends the Authorization header, reconnects after a drop with Last-Event-ID, stops at the last event', async () => {
    const seen: { headers: Headers }[] = [];
    const answers = [
      () => sse(['id: 1\nevent: validation\ndata: {"state":"running"}\n\n']),
      () => Promise.reject(new TypeError('fetch failed')),
      () =>
        sse(['id: 2\nevent: validation\ndata: {"state":"passed"}\n\n', 'event: extra\ndata: never read\n\n']),
    ];
    const fetch = (async (_url: string, init: RequestInit) => {
      seen.push({ headers: new Headers(init.headers) });
      return answers[seen.length - 1]!();
    }) as unknown as typeof globalThis.fetch;
    const events: string[] = [];
    const states: StreamState['kind'][] = [];
    await followEventStream({
      request: () => ({ url: 'http://orchd.test/events', headers: { authorization: 'Bearer eo_x' } }),
      onEvent: (event) => {
        events.push(event.data);
        return event.data.includes('passed');
      },
      onState: (state) => states.push(state.kind),
      signal: new AbortController().signal,
      fetch,
      delay: noDelay,
    });
    expect(events).toEqual(['{"state":"running"}', '{"state":"passed"}']);
    expect(seen.map((s) => s.headers.get('authorization'))).toEqual([
      'Bearer eo_x',
      'Bearer eo_x',
      'Bearer eo_x',
    ]);
    expect(seen.map((s) => s.headers.get('last-event-id'))).toEqual([null, '1', '1']);
    expect(states).toEqual([
      'connecting',
      'open',
      'reconnecting',
      'connecting',
      'reconnecting',
      'connecting',
      'open',
      'ended',
    ]);
  });

  test('a 401 is refused once, with orchd message, and not retried', async () => {
    let calls = 0;
    const fetch = (async () => {
      calls += 1;
      return new Response(JSON.stringify({ code: 'Unauthenticated', message: 'the bearer token expired' }), {
        status: 401,
      });
    }) as unknown as typeof globalThis.fetch;
    const states: StreamState[] = [];
    await followEventStream({
      request: () => ({ url: 'http://orchd.test/events', headers: {} }),
      onEvent: () => false,
      onState: (state) => states.push(state),
      signal: new AbortController().signal,
      fetch,
      delay: noDelay,
    });
    expect(calls).toBe(1);
    const last = states.at(-1);
    expect(last?.kind).toBe('refused');
    expect(last?.kind === 'refused' && last.error.message).toBe('the bearer token expired');
  });

  test('a 503 is retried like a dropped connection; abort stops the loop', async () => {
    const abort = new AbortController();
    let calls = 0;
    const fetch = (async () => {
      calls += 1;
      if (calls === 3) abort.abort();
      return new Response('{"code":"Unavailable","message":"draining"}', { status: 503 });
    }) as unknown as typeof globalThis.fetch;
    const waits: number[] = [];
    await followEventStream({
      request: () => ({ url: 'http://orchd.test/events', headers: {} }),
      onEvent: () => false,
      signal: abort.signal,
      fetch,
      retryMs: 100,
      delay: async (ms) => void waits.push(ms),
    });
    expect(calls).toBe(3);
    expect(waits).toEqual([100, 200]);
  });

  test('a stream that ends with `end` or `error` is not reopened, even when onEvent does not call it the last', async () => {
    for (const last of [
      'event: end\ndata: {"reason":"NO_VALIDATION_JOB","message":"no job"}\n\n',
      'event: error\ndata: {"code":"NotFound","message":"OS profile os-1 not found"}\n\n',
    ]) {
      let calls = 0;
      const fetch = (async () => {
        calls += 1;
        return sse(['id: 1\nevent: validation\ndata: {"jobId":null,"state":"pending"}\n\n', last]);
      }) as unknown as typeof globalThis.fetch;
      const events: string[] = [];
      const states: StreamState['kind'][] = [];
      await followEventStream({
        request: () => ({ url: 'http://orchd.test/events', headers: {} }),
        onEvent: (event) => (events.push(event.event), false),
        onState: (state) => states.push(state.kind),
        signal: new AbortController().signal,
        fetch,
        delay: noDelay,
      });
      expect(calls).toBe(1);
      expect(events).toEqual(['validation', last.slice(7, last.indexOf('\n'))]);
      expect(states).toEqual(['connecting', 'open', 'ended']);
    }
  });

  test('a stream cut without a last event reconnects with Last-Event-ID, and stops at the `end` after it', async () => {
    const seen: (string | null)[] = [];
    const answers = [
      () => sse(['id: 4\nevent: progress\ndata: {"n":1}\n\n']),
      () =>
        sse([
          'id: 5\nevent: progress\ndata: {"n":2}\n\n',
          'event: end\ndata: {"reason":"NO_VALIDATION_JOB"}\n\n',
        ]),
      () => sse(['id: 6\nevent: progress\ndata: {"n":3}\n\n']),
    ];
    const fetch = (async (_url: string, init: RequestInit) => {
      seen.push(new Headers(init.headers).get('last-event-id'));
      return answers[seen.length - 1]!();
    }) as unknown as typeof globalThis.fetch;
    const events: string[] = [];
    const states: StreamState['kind'][] = [];
    await followEventStream({
      request: () => ({ url: 'http://orchd.test/events', headers: {} }),
      onEvent: (event) => (events.push(`${event.id ?? '-'}:${event.event}`), false),
      onState: (state) => states.push(state.kind),
      signal: new AbortController().signal,
      fetch,
      delay: noDelay,
    });
    expect(seen).toEqual([null, '4']);
    expect(events).toEqual(['4:progress', '5:progress', '-:end']);
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'connecting', 'open', 'ended']);
  });

  test('an `error` event for a revoked or expired credential ends the stream as refused (401), not reopened', async () => {
    let calls = 0;
    const fetch = (async () => {
      calls += 1;
      return sse([
        'event: host\ndata: {}\n\n',
        'event: error\ndata: {"code":"Unauthenticated","message":"the credential expired at 2026-12-05T04:00:00.000Z"}\n\n',
      ]);
    }) as unknown as typeof globalThis.fetch;
    const states: StreamState[] = [];
    await followEventStream({
      request: () => ({ url: 'http://orchd.test/events', headers: {} }),
      onEvent: () => false,
      onState: (state) => states.push(state),
      signal: new AbortController().signal,
      fetch,
      delay: noDelay,
    });
    expect(calls).toBe(1);
    const last = states.at(-1);
    expect(last?.kind).toBe('refused');
    expect(last?.kind === 'refused' && [last.error.status, last.error.code, last.error.message]).toEqual([
      401,
      'Unauthenticated',
      'the credential expired at 2026-12-05T04:00:00.000Z',
    ]);
  });
});
