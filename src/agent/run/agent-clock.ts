/**
 * Time as the agent uses it (waits between polls and retries), injectable so tests never sleep.
 * @module
 */
import { setTimeout as delay } from 'node:timers/promises';

/** Milliseconds clock and sleep. */
export interface AgentClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock. */
export const systemClock: AgentClock = {
  now: () => performance.now(),
  sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : undefined),
};
