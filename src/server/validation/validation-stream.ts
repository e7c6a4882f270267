import { STREAM_EVENTS, type StreamEnd } from '../../api/event-schemas.js';
import { SUBJECT_DELETED_EVENT, type EventHub } from '../events/event-hub.js';
import type { SseStream } from '../events/sse-stream.js';
import { JOB_EVENT, PROGRESS_EVENT } from '../jobs/job-queue.js';
import type { ValidationService } from './validation-service.js';
import { VALIDATION_JOB_KIND } from './validation-job-kind.js';
import { isTerminalValidation, type ValidationView } from './validation-view.js';
import { readRetry } from '../events/read-retry.js';

/** What a stream follows and with what. */
export interface ValidationStreamDeps {
  readonly service: ValidationService;
  readonly hub: EventHub;
  /** First pause before reading the view again after a read failed (doubled up to 30 s). Default 1 s. */
  readonly retryMs?: number;
}

/** The `end` event of a profile that has no validation job to follow. */
export function noValidationJobEnd(osId: string): StreamEnd {
  return {
    reason: 'NO_VALIDATION_JOB',
    message: `OS profile ${osId} has no validation job; start one with POST …/validate`,
  };
}

/**
 * Follows a profile's validation on an open SSE stream, which the caller has checked exists:
 * `validation` events carry the whole view (first at once, then on every job change heard from
 * any replica through the hub), `progress` events the runner's counters as they come (with the
 * hub's id, so a reconnect with Last-Event-ID replays what it missed). The stream ends after the
 * view reaches a verdict (passed, warned, failed); with an `end` event (`NO_VALIDATION_JOB`)
 * after the view when the profile has no job to follow; with an `error` event when the profile
 * is deleted. Nothing polls: the view is read again only when the hub tells of a job change, a
 * deletion or a gap (events missed), and after a failed read.
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
    if (stream.closed) return;
    const text = JSON.stringify(view);
    if (text !== last) stream.send(STREAM_EVENTS.validation, view);
    last = text;
    if (isTerminalValidation(view.state)) stream.close();
    else if (view.jobId === null) {
      stream.send(STREAM_EVENTS.end, noValidationJobEnd(osId));
      stream.close();
    }
  };
  // One read at a time, so an older read never lands after a newer one.
  let reading = false;
  let again = false;
  const retry = readRetry(() => refresh(), deps.retryMs);
  const refresh = (): void => {
    if (stream.closed) return;
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    retry.cancel();
    deps.service
      .get(project, osId)
      .then(
        (view) => {
          retry.succeeded();
          send(view);
        },
        (error: { code?: string; message?: string }) => {
          if (stream.closed) return;
          if (error.code === 'NotFound') {
            stream.send(STREAM_EVENTS.error, { code: error.code, message: error.message });
            stream.close();
            return;
          }
          // A database blip: no later wake-up may come, so read again after a pause.
          retry.failed();
        },
      )
      .finally(() => {
        reading = false;
        if (again) {
          again = false;
          refresh();
        }
      });
  };
  send(first);
  if (stream.closed) return;
  const unsubscribe = deps.hub.subscribe(
    { project, subject: osId },
    (event) => {
      if (stream.closed) return;
      if (event.type === SUBJECT_DELETED_EVENT) return refresh();
      const data = event.data as { kind?: string; progress?: unknown };
      if (data.kind !== VALIDATION_JOB_KIND) return;
      if (event.type === PROGRESS_EVENT) stream.send(STREAM_EVENTS.progress, data.progress, event.id);
      else if (event.type === JOB_EVENT) refresh();
    },
    { ...(target.lastEventId ? { lastEventId: target.lastEventId } : {}), onGap: refresh },
  );
  stream.onClose(() => {
    retry.cancel();
    unsubscribe();
  });
  // `first` was read before the subscription: a change committed in between is read now.
  refresh();
}
