import type { ApiClient } from '../api-client/api-client.js';
import { FINISHED_VALIDATION_STATES, getValidation, type ValidationResource } from './validation-api.js';
import { progressLine } from './validation-views.js';

/** How to follow a validation. */
export interface WaitOptions {
  readonly client: ApiClient;
  readonly project: string;
  readonly resourceId: string;
  /** Where progress lines go (stderr, so stdout stays the report). */
  readonly progress: (line: string) => void;
  /** Time between two reads of the validation (ms). Default 1000. */
  readonly intervalMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads the validation until it reaches a final state, printing a progress line whenever it
 * changes (one line each, so the output reads the same on a terminal and in a log). Returns the
 * final validation.
 */
export async function waitForValidation(options: WaitOptions): Promise<ValidationResource> {
  let last = '';
  for (;;) {
    const view = await getValidation(options.client, options.project, options.resourceId);
    const line = view.progress ? progressLine(view.progress) : view.state;
    if (line !== last && !FINISHED_VALIDATION_STATES.includes(view.state)) {
      options.progress(`${line}\n`);
      last = line;
    }
    if (FINISHED_VALIDATION_STATES.includes(view.state)) return view;
    await sleep(options.intervalMs ?? 1000);
  }
}
