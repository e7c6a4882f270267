import type { StoreNotifications } from '../../../store/index.js';
import type { SseStream } from '../sse-stream.js';

/** An SSE stream that records what was sent, for stream logic tests without HTTP. */
export interface RecordingSse extends SseStream {
  readonly sent: { event: string; data: unknown; id?: string | undefined }[];
  /**
   * Resolves once `test` passes (checked on each send and close, and every 5 ms for conditions on
   * other state); rejects after `ms`, with what was sent.
   */
  until(test: (sent: RecordingSse['sent']) => boolean, ms?: number): Promise<void>;
}

export function recordingSse(): RecordingSse {
  const sent: RecordingSse['sent'] = [];
  const listeners: (() => void)[] = [];
  const waiters = new Set<() => void>();
  let closed = false;
  const wake = () => waiters.forEach((waiter) => waiter());
  return {
    sent,
    send(event, data, id) {
      if (closed) return;
      sent.push({ event, data, ...(id === undefined ? {} : { id }) });
      wake();
    },
    close() {
      if (closed) return;
      closed = true;
      listeners.splice(0).forEach((listener) => listener());
      wake();
    },
    get closed() {
      return closed;
    },
    onClose: (listener) => void (closed ? listener() : listeners.push(listener)),
    until: (test, ms = 2000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          clearInterval(tick);
          waiters.delete(check);
          reject(new Error(`not within ${ms} ms; sent: ${JSON.stringify(sent)}`));
        }, ms);
        const check = () => {
          if (!test(sent)) return;
          clearTimeout(timer);
          clearInterval(tick);
          waiters.delete(check);
          resolve();
        };
        const tick = setInterval(check, 5);
        waiters.add(check);
        check();
      }),
  };
}

/**
 * Cross-replica notifications looped back in this process, with the test's hands on them:
 * `gap()` plays a dropped and restored LISTEN connection, `failNext` makes sends reject.
 */
export interface LoopbackNotifications extends StoreNotifications {
  gap(): void;
  failNext: number;
}

export function loopbackNotifications(): LoopbackNotifications {
  const listeners: { onPayload: (payload: string) => void; onGap?: (() => void) | undefined }[] = [];
  const self: LoopbackNotifications = {
    failNext: 0,
    async notify(_channel, payload) {
      if (self.failNext > 0) {
        self.failNext -= 1;
        throw new Error('connection terminated');
      }
      queueMicrotask(() => listeners.forEach((listener) => listener.onPayload(payload)));
    },
    async listen(_channel, onPayload, onGap) {
      const listener = { onPayload, onGap };
      listeners.push(listener);
      return async () => void listeners.splice(listeners.indexOf(listener), 1);
    },
    async close() {
      listeners.length = 0;
    },
    gap: () => listeners.forEach((listener) => listener.onGap?.()),
  };
  return self;
}
