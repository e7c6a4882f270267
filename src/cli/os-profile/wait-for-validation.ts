import { STREAM_EVENTS } from '../../api/event-schemas.js';
import type { ApiClient } from '../api-client/api-client.js';
import { followEvents } from '../api-client/follow-events.js';
import { CliError, EXIT } from '../cli-error.js';
import {
  isFinishedValidation,
  validationEventsPath,
  type ValidationProgress,
  type ValidationResource,
} from './validation-api.js';
import type { ValidationProgressDisplay } from './validation-progress.js';

/** How to follow a validation. */
export interface WaitOptions {
  readonly client: ApiClient;
  readonly project: string;
  readonly resourceId: string;
  /** Where progress shows (on stderr, so stdout stays the report): a bar or plain lines. */
  readonly display: ValidationProgressDisplay;
  /** Called before a reconnect to the stream, with why the last connection ended. */
  readonly onReconnect?: (reason: string) => void;
}

/**
 * Follows the profile's validation event stream (`GET …/validation/events`) until the view has
 * its verdict: each `validation` event (the whole view) and each `progress` event (the runner's
 * counters, laid over the last view) is shown on the display. A dropped connection is resumed
 * with Last-Event-ID; an `error` event (the profile was deleted) or an `end` event (the profile
 * has no validation job) ends with exit 1 and orchd's message. Stops the
 * display however following ends, and returns the final validation.
 */
export async function waitForValidation(options: WaitOptions): Promise<ValidationResource> {
  let view: ValidationResource | undefined;
  try {
    await followEvents({
      client: options.client,
      path: validationEventsPath(options.project, options.resourceId),
      ...(options.onReconnect ? { onReconnect: options.onReconnect } : {}),
      onMessage: (message) => {
        if (message.event === STREAM_EVENTS.error) {
          const error = JSON.parse(message.data) as { code?: string; message?: string };
          throw new CliError(error.message ?? 'the validation stream ended with an error', EXIT.failed);
        }
        if (message.event === STREAM_EVENTS.end) {
          // NO_VALIDATION_JOB: nothing will ever reach a verdict, so waiting has no answer.
          const end = JSON.parse(message.data) as { reason?: string; message?: string };
          throw new CliError(end.message ?? `the validation stream ended (${end.reason})`, EXIT.failed);
        }
        if (message.event === STREAM_EVENTS.validation) {
          view = JSON.parse(message.data) as ValidationResource;
        } else if (message.event === STREAM_EVENTS.progress && view) {
          view = { ...view, progress: JSON.parse(message.data) as ValidationProgress };
        } else return false;
        options.display.show(view);
        return isFinishedValidation(view);
      },
    });
  } finally {
    options.display.stop();
  }
  return view!;
}
