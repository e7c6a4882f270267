import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSseParser, readSse, type SseMessage } from './sse-reader.js';

test('createSseParser: events split across chunks, comments skipped, ids kept, CRLF accepted', () => {
  const seen: SseMessage[] = [];
  const feed = createSseParser((m) => seen.push(m));
  feed(': stream open\n\nid: 7\nevent: progress\nda');
  feed('ta: {"a":1}\n\n: keep-alive\n\nevent: validation\r\ndata: {"state":"passed"}\r\n\r\n');
  feed('data: line1\ndata: line2\n\nevent: lonely\n\n');
  assert.deepEqual(seen, [
    { event: 'progress', data: '{"a":1}', id: '7' },
    { event: 'validation', data: '{"state":"passed"}' },
    { event: 'message', data: 'line1\nline2' },
  ]);
});

test('readSse: reads a web ReadableStream to its end', async () => {
  const bytes = new TextEncoder().encode('event: a\ndata: 1\n\nevent: b\ndata: 2\n\n');
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.slice(0, 5));
      controller.enqueue(bytes.slice(5));
      controller.close();
    },
  });
  const events: string[] = [];
  for await (const m of readSse(body)) events.push(`${m.event}=${m.data}`);
  assert.deepEqual(events, ['a=1', 'b=2']);
});
