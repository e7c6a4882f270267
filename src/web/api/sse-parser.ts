/** One server-sent event (WHATWG HTML, "event stream interpretation"). */
export interface SseEvent {
  /** The `event:` field; `message` when absent. */
  readonly event: string;
  /** The `data:` lines joined with LF. */
  readonly data: string;
  /** The last `id:` seen so far in the stream (sent back as Last-Event-ID on reconnect). */
  readonly id: string | undefined;
}

/**
 * An incremental event-stream parser: feed it text as it arrives, in chunks cut anywhere, and it
 * returns the complete events. Comment lines (`: keep-alive`) are skipped; `retry:` is kept.
 */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private hasData = false;
  /** The last event id, carried over events as the spec says. */
  lastEventId: string | undefined;
  /** The reconnection time the server asked for, in ms. */
  retryMs: number | undefined;

  feed(text: string): SseEvent[] {
    this.buffer += text;
    const events: SseEvent[] = [];
    // A CR at the very end may be the first half of CRLF: keep it until the next chunk.
    const lines = this.buffer.split(/\r\n|\r(?!$)|\n/);
    this.buffer = lines.pop() ?? '';
    for (const line of lines) {
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') {
      this.data.push(value);
      this.hasData = true;
    } else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const event = this.hasData
      ? { event: this.event || 'message', data: this.data.join('\n'), id: this.lastEventId }
      : undefined;
    this.event = '';
    this.data = [];
    this.hasData = false;
    return event;
  }
}
