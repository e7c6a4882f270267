/** The longest pause before a stream reads again after failed reads. */
const MAX_RETRY_MS = 30_000;

/** A stream's schedule for reading again after a failed read. */
export interface ReadRetry {
  /** A read failed: `again` runs after `baseMs`, doubled per failure in a row up to 30 s. */
  failed(): void;
  /** A read succeeded: the next failure waits `baseMs` again. */
  succeeded(): void;
  /** Drops a pending retry (a new read starts, or the stream closed). */
  cancel(): void;
}

/**
 * Streams read only when the hub wakes them, so after a failed read (a database blip) no later
 * wake-up may come: they must schedule the next read themselves.
 */
export function readRetry(again: () => void, baseMs = 1000): ReadRetry {
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  return {
    failed() {
      failures += 1;
      clearTimeout(timer);
      timer = setTimeout(again, Math.min(baseMs * 2 ** Math.min(failures - 1, 5), MAX_RETRY_MS));
    },
    succeeded() {
      failures = 0;
    },
    cancel() {
      clearTimeout(timer);
    },
  };
}
