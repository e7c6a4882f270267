/**
 * Reading server-sent events with `fetch` (or any byte stream), for orch-cli and the web
 * console. Streams are authenticated like every call, with the `Authorization` header, which a
 * browser's EventSource cannot send: clients read `text/event-stream` through fetch instead, so
 * no token ever goes into a URL and no cookie is needed. Pure: uses only TextDecoder.
 */

/** One event as the server framed it. */
export interface SseMessage {
  /** `event:`; `message` when the frame named none. */
  readonly event: string;
  /** `data:` lines joined with newlines (orchd sends one line of JSON). */
  readonly data: string;
  /** `id:` of this frame, when it had one (send it back as `Last-Event-ID` to resume). */
  readonly id?: string;
}

/**
 * The events after which orchd ends any of its streams: `end` (nothing left to follow, e.g. a
 * profile with no validation job) and `error` (the subject was deleted, the credential revoked).
 * A client stops following after one rather than reconnecting; a verdict or other end that only
 * the caller can recognise is the caller's to judge.
 */
export const TERMINAL_EVENTS: readonly string[] = ['end', 'error'];

/** True when `message` is the last event its stream sends ({@link TERMINAL_EVENTS}). */
export const isTerminalEvent = (message: SseMessage): boolean => TERMINAL_EVENTS.includes(message.event);

/**
 * A push parser: feed it text as it arrives, get every complete event. Comment lines (`:`, the
 * heartbeats) and unknown fields are skipped; CRLF and LF line ends are both accepted.
 */
export function createSseParser(onMessage: (message: SseMessage) => void): (text: string) => void {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  const dispatch = (): void => {
    if (data.length > 0)
      onMessage({ event: event || 'message', data: data.join('\n'), ...(id !== undefined ? { id } : {}) });
    event = '';
    data = [];
    id = undefined;
  };
  return (text) => {
    buffer += text;
    for (let end = buffer.search(/\r?\n/); end >= 0; end = buffer.search(/\r?\n/)) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(buffer[end] === '\r' ? end + 2 : end + 1);
      if (line === '') dispatch();
      else if (line.startsWith(':')) continue;
      else {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id') id = value;
      }
    }
  };
}

/**
 * The events of a fetch response body, in order, until the server ends the stream or `signal`
 * aborts. Use: `for await (const m of readSse(response.body)) …`.
 */
export async function* readSse(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  const ready: SseMessage[] = [];
  const feed = createSseParser((message) => ready.push(message));
  const chunks: AsyncIterable<Uint8Array> =
    Symbol.asyncIterator in body ? body : iterate(body as ReadableStream<Uint8Array>);
  for await (const chunk of chunks) {
    if (signal?.aborted) return;
    feed(decoder.decode(chunk, { stream: true }));
    while (ready.length > 0) yield ready.shift()!;
  }
}

async function* iterate(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
