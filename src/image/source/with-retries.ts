/**
 * @module
 * Runs a request-shaped operation (a range read, a size probe) with the source's retry policy:
 * retryable failures are tried again after a backoff, up to `maxAttempts` tries in total.
 */
import { OrchError } from '../../core/errors/index.js';
import type { SourceRuntime } from './source-runtime.js';

/** Any error as an OrchError (a stray one becomes a retryable CONNECT_FAILED naming its message). */
export function asOrchError(error: unknown): OrchError {
  if (error instanceof OrchError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new OrchError('CONNECT_FAILED', message, { cause: error });
}

/** `operation()` with retries; the error of the last try (annotated with the count) otherwise. */
export async function withRetries<T>(runtime: SourceRuntime, operation: () => Promise<T>): Promise<T> {
  for (let failures = 0; ;) {
    runtime.throwIfAborted();
    try {
      return await operation();
    } catch (error) {
      const failure = asOrchError(error);
      failures += 1;
      if (!failure.retryable) throw failure;
      if (failures >= runtime.maxAttempts) throw runtime.exhausted(failure, failures);
      const delayMs = runtime.backoffMs(failures);
      runtime.emit({ kind: 'retry', attempt: failures + 1, delayMs, cause: failure.message });
      await runtime.sleep(delayMs);
    }
  }
}
