import type { EventHub } from '../events/event-hub.js';
import type { SseStream } from '../events/sse-stream.js';
import { JOB_EVENT, PROGRESS_EVENT } from '../jobs/job-queue.js';
import type { ValidationService } from './validation-service.js';
import { VALIDATION_JOB_KIND } from './validation-job-kind.js';
import { isTerminalValidation, type ValidationView } from './validation-view.js';

/** What a stream follows and with what. */
export interface ValidationStreamDeps {
  readonly service: ValidationService;
  readonly hub: EventHub;
  /** How often the view is re-read anyway (a safety net for a missed event), ms. */
  readonly pollMs: number;
}

/**
 * Follows a profile's validation on an open SSE stream, which the caller has checked exists:
 * `validation` events carry the whole view (first at once, then on every job change heard from
 * any replica through the hub), `progress` events the runner's counters as they come (with the
 * hub's id, so a reconnect with Last-Event-ID replays what it missed). The stream ends after the
 * view reaches a verdict (passed, warned, failed), or with an `error` event when the profile is
 * deleted.
 */
export function followValidation(
  deps: ValidationStreamDeps,
  stream: SseStream,
  target: { readonly project: string; readonly osId: string; readonly lastEventId?: string | undefined },
  first: ValidationView,
): void {
  const { project, osId } = target;
  let last = '';
  const send = (view: ValidationView): void => {
    const text = JSON.stringify(view);
    if (stream.closed || text === last) return;
    last = text;
    stream.send('validation', view);
    if (isTerminalValidation(view.state)) stream.close();
  };
  const refresh = (): void => {
    deps.service.get(project, osId).then(send, (error: { code?: string; message?: string }) => {
      if (error.code !== 'NotFound' || stream.closed) return;
      stream.send('error', { code: error.code, message: error.message });
      stream.close();
    });
  };
  send(first);
  if (stream.closed) return;
  const unsubscribe = deps.hub.subscribe(
    { project, subject: osId },
    (event) => {
      if (stream.closed) return;
      const data = event.data as { kind?: string; progress?: unknown };
      if (data.kind !== VALIDATION_JOB_KIND) return;
      if (event.type === PROGRESS_EVENT) stream.send('progress', data.progress, event.id);
      else if (event.type === JOB_EVENT) refresh();
    },
    { ...(target.lastEventId ? { lastEventId: target.lastEventId } : {}), onGap: refresh },
  );
  const poll = setInterval(refresh, deps.pollMs);
  stream.onClose(() => {
    clearInterval(poll);
    unsubscribe();
  });
}
