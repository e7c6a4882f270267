import type { ApiClient } from '../api-client/api-client.js';
import { FINISHED_VALIDATION_STATES, getValidation, type ValidationResource } from './validation-api.js';
import type { ValidationProgressDisplay } from './validation-progress.js';

/** How to follow a validation. */
export interface WaitOptions {
  readonly client: ApiClient;
  readonly project: string;
  readonly resourceId: string;
  /** Where progress shows (on stderr, so stdout stays the report): a bar or plain lines. */
  readonly display: ValidationProgressDisplay;
  /** Time between two reads of the validation (ms). Default 1000. */
  readonly intervalMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads the validation until it reaches a final state, showing each read on the display, and
 * stops the display however following ends. Returns the final validation.
 */
export async function waitForValidation(options: WaitOptions): Promise<ValidationResource> {
  try {
    for (;;) {
      const view = await getValidation(options.client, options.project, options.resourceId);
      options.display.show(view);
      if (FINISHED_VALIDATION_STATES.includes(view.state)) return view;
      await sleep(options.intervalMs ?? 1000);
    }
  } finally {
    options.display.stop();
  }
}
