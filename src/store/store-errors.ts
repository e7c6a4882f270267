import { OrchError, isOrchError } from '../core/errors/index.js';
import type { StoreDialectAdapter } from './dialect/store-dialect-adapter.js';

/**
 * Turns whatever a store operation threw into an OrchError whose message holds no SQL and no
 * driver text: an OrchError passes through, an outage becomes Unavailable (retryable), a NUL in
 * a caller's value InvalidArgument, anything else Internal. The driver error stays as `cause` for the log, never for the client.
 */
export function toStoreError(adapter: StoreDialectAdapter, error: unknown, action: string): OrchError {
  if (isOrchError(error)) return error;
  const kind = adapter.classifyError(error);
  if (kind === 'unstorable-text') {
    // A caller's value (an id, a name) carried a NUL: a bad request on every engine, not a fault.
    return new OrchError(
      'InvalidArgument',
      `a value holds a NUL character, which is never valid (${action})`,
      {
        cause: error,
      },
    );
  }
  if (kind === 'unavailable') {
    return new OrchError('Unavailable', `the database cannot be reached right now (${action})`, {
      cause: error,
    });
  }
  return new OrchError('Internal', `unexpected database error while trying to ${action}`, { cause: error });
}

/**
 * Runs `operation`, mapping its failures with {@link toStoreError}. Repositories wrap every
 * public method in it so no driver error escapes the store.
 */
export async function guarded<T>(
  adapter: StoreDialectAdapter,
  action: string,
  operation: () => Promise<T>,
): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toStoreError(adapter, error, action);
  }
}
