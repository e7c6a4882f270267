/**
 * Onboarding with backoff: while orchd answers "awaiting approval" the agent waits as long as it
 * says (Retry-After), politely; an unknown node (not registered yet) and an unreachable orchd are
 * retried with a growing delay (1 s doubling to 60 s); a refusal (UUID or serial mismatch) ends it.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';
import type { OnboardAccepted, OnboardRequest } from '../../core/workflow/index.js';
import type { Transport } from '../transport/transport.js';
import type { AgentClock } from './agent-clock.js';

/** Options of {@link onboardNode}. */
export interface OnboardOptions {
  readonly transport: Transport;
  readonly request: OnboardRequest;
  readonly clock: AgentClock;
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Gives up after this long in total (default: never). */
  readonly deadlineMs?: number;
}

/** Onboards, waiting as needed; resolves with the credential. */
export async function onboardNode(options: OnboardOptions): Promise<OnboardAccepted> {
  const started = options.clock.now();
  let backoff = 1000;
  for (;;) {
    options.signal?.throwIfAborted();
    let wait: number;
    try {
      const answer = await options.transport.onboard(options.request);
      if (answer.state === 'onboarded') return answer;
      if (answer.state === 'awaiting-approval') {
        wait = Math.max(1, answer.retryAfterSeconds) * 1000;
        options.log(`onboarding: ${answer.message} (asking again in ${wait / 1000} s)`);
      } else {
        wait = backoff;
        backoff = Math.min(60_000, backoff * 2);
        options.log(
          `onboarding: ${answer.message}: register this node (UUID ${options.request.uuid}, serial ${options.request.serialNumber}); asking again in ${wait / 1000} s`,
        );
      }
    } catch (error) {
      if (!(error instanceof OrchError) || !error.retryable) throw error;
      const after = Number((error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds);
      wait = Number.isFinite(after) && after > 0 ? after * 1000 : backoff;
      backoff = Math.min(60_000, backoff * 2);
      options.log(`onboarding: ${error.message} (trying again in ${wait / 1000} s)`);
    }
    if (options.deadlineMs !== undefined && options.clock.now() - started + wait > options.deadlineMs) {
      throw new OrchError('ORCHESTRATOR_UNREACHABLE', `not onboarded within ${options.deadlineMs / 1000} s`);
    }
    await options.clock.sleep(wait, options.signal);
  }
}
