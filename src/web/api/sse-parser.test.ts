// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { SseParser } from './sse-parser.js';

describe('SseParser', () => {
  test('events cut anywhere across chunks come out whole; comments are skipped', () => {
    const text =
      ': keep-alive\n\nevent: validation\ndata: {"state":"running"}\n\nevent: progress\r\ndata: {"a":1}\r\n\r\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const parser = new SseParser();
      const events = [...parser.feed(text.slice(0, cut)), ...parser.feed(text.slice(cut))];
      expect(events, `cut at ${cut}`).toEqual([
        { event: 'validation', data: '{"state":"running"}', id: undefined },
        { event: 'progress', data: '{"a":1}', id: undefined },
      ]);
    }
  });

  test('multi-line data joins with LF; ids carry over; retry is read; no event name means message', () => {
    const parser = new SseParser();
    const events = parser.feed('id: 7\nretry: 2500\ndata: a\ndata:b\n\ndata: c\n\n');
    expect(events).toEqual([
      { event: 'message', data: 'a\nb', id: '7' },
      { event: 'message', data: 'c', id: '7' },
    ]);
    expect(parser.lastEventId).toBe('7');
    expect(parser.retryMs).toBe(2500);
  });

  test('a block without data dispatches nothing; an unfinished event waits for its blank line', () => {
    const parser = new SseParser();
    expect(parser.feed('event: x\n\n')).toEqual([]);
    expect(parser.feed('event: y\ndata: 1\n')).toEqual([]);
    expect(parser.feed('\n')).toEqual([{ event: 'y', data: '1', id: undefined }]);
  });
});
