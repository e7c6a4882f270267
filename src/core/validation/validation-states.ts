/**
 * The one list of image validation states, shared by the store, orchd's API, orch-cli and the
 * web console: `pending` (queued, or never run), `running`, then the report's verdict.
 */
export const VALIDATION_STATES = ['pending', 'running', 'passed', 'warned', 'failed'] as const;
export type ValidationState = (typeof VALIDATION_STATES)[number];

/** The verdicts a finished run gives: `failed` when a check failed, `warned` when one warned. */
export const VALIDATION_VERDICTS = ['passed', 'warned', 'failed'] as const;
export type ValidationVerdict = (typeof VALIDATION_VERDICTS)[number];

/** True for a state after which nothing changes any more (a verdict). */
export function isFinishedValidationState(state: string): state is ValidationVerdict {
  return (VALIDATION_VERDICTS as readonly string[]).includes(state);
}

/** Outcome of one image check. `skip`: it could not run (an earlier stage failed); its message says why. */
export const CHECK_STATUSES = ['pass', 'warn', 'fail', 'skip'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];
