/**
 * @module
 * Delay before the next try after `failures` tries in a row made no progress: exponential, capped,
 * with jitter so that many nodes failing together do not retry in lockstep.
 */

/** Defaults of {@link backoffDelay}. */
export const DEFAULT_BACKOFF = Object.freeze({ initialMs: 500, maxMs: 30_000 });

/**
 * `min(maxMs, initialMs * 2^(failures-1))`, then a random point in its upper half ("equal
 * jitter"): never less than half the exponential step, never more than the cap.
 */
export function backoffDelay(
  failures: number,
  initialMs: number = DEFAULT_BACKOFF.initialMs,
  maxMs: number = DEFAULT_BACKOFF.maxMs,
  random: () => number = Math.random,
): number {
  const step = Math.min(maxMs, initialMs * 2 ** Math.max(0, failures - 1));
  return Math.round(step / 2 + (step / 2) * random());
}
