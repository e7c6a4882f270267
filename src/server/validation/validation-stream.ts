import { PassThrough } from 'node:stream';
import type { ValidationEvents } from './validation-events.js';
import type { ValidationService } from './validation-service.js';
import type { ValidationStreamSettings } from './validation-options.js';
import { TERMINAL_JOB_STATES, type ValidationView } from './validation-view.js';

/** What a stream follows and with what. */
export interface ValidationStreamDeps {
  readonly service: ValidationService;
  readonly events: ValidationEvents;
  readonly settings: ValidationStreamSettings;
}

/** An open event stream: its body, and how to end it early (orchd stopping). */
export interface ValidationStream {
  readonly body: PassThrough;
  close(): void;
}

const frame = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * A server-sent event stream of a profile's validation, which the caller has checked exists:
 * `validation` events carry the whole view (first at once, then on every change seen in the
 * store or this process), `progress` events the runner's counters as they come on this replica,
 * and a comment line keeps the connection alive. The stream ends after the view reaches a
 * terminal state (passed, warned, failed, cancelled), or when the profile is deleted.
 */
export function openValidationStream(
  deps: ValidationStreamDeps,
  project: string,
  osId: string,
  first: ValidationView,
): ValidationStream {
  const body = new PassThrough();
  let last = '';
  let closed = false;
  const timers: NodeJS.Timeout[] = [];
  const close = (): void => {
    if (closed) return;
    closed = true;
    timers.forEach(clearInterval);
    unsubscribe();
    body.end();
  };
  const send = (view: ValidationView): void => {
    const text = JSON.stringify(view);
    if (closed || text === last) return;
    last = text;
    body.write(frame('validation', view));
    if (TERMINAL_JOB_STATES.includes(view.state)) close();
  };
  const refresh = (): void => {
    deps.service.get(project, osId).then(send, (error: { code?: string; message?: string }) => {
      if (error.code !== 'NotFound' || closed) return;
      body.write(frame('error', { code: error.code, message: error.message }));
      close();
    });
  };
  const unsubscribe = deps.events.subscribe(project, osId, (event) => {
    if (closed) return;
    if (event.kind === 'progress') body.write(frame('progress', event.progress));
    else refresh();
  });
  timers.push(setInterval(refresh, deps.settings.pollMs));
  timers.push(setInterval(() => !closed && body.write(': keep-alive\n\n'), deps.settings.heartbeatMs));
  body.on('close', close);
  send(first);
  return { body, close };
}
