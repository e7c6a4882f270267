import { isOrchError, OrchError } from '../../core/errors/index.js';

/** ABORTED for a cancelled run; an OrchError given as the abort reason is kept as is. */
export function abortedError(signal: AbortSignal): OrchError {
  if (isOrchError(signal.reason)) return signal.reason;
  return new OrchError('ABORTED', 'The image transfer was cancelled.', { cause: signal.reason });
}
