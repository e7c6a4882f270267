/**
 * Sends a run's events in order with increasing seq (from lastSeq + 1), one at a time. Progress is
 * coalesced: at most one progress event per `minProgressMs` (default 500 ms: two a second), the
 * latest one wins, and a pending one is dropped when a state event follows. State events are
 * retried through orchd outages within a budget; a lost progress event is simply dropped.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';
import type { AgentEvent, AgentEventAck } from '../../core/workflow/index.js';
import type { Transport } from '../transport/transport.js';
import type { AgentClock } from './agent-clock.js';

/** An event without attempt and seq (the reporter adds them). */
export type EventBody = Omit<AgentEvent, 'attempt' | 'seq'>;

/** Options of {@link EventReporter}. */
export interface EventReporterOptions {
  readonly transport: Transport;
  readonly credential: string;
  readonly attempt: number;
  readonly lastSeq: number;
  readonly clock: AgentClock;
  readonly minProgressMs?: number;
  /** Tries of a state event before ORCHESTRATOR_UNREACHABLE (default 8, backoff 1 s doubling to 30 s). */
  readonly maxTries?: number;
}

/** The event queue of one workflow attempt. */
export class EventReporter {
  readonly #options: EventReporterOptions;
  #seq: number;
  #chain: Promise<unknown> = Promise.resolve();
  #lastProgressAt = -Infinity;
  #pendingProgress: EventBody | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The last ack orchd sent (its view of the workflow's state). */
  lastAck: AgentEventAck | undefined;

  constructor(options: EventReporterOptions) {
    this.#options = options;
    this.#seq = options.lastSeq;
  }

  /** Queues a progress event (coalesced, never waited for). */
  progress(body: EventBody): void {
    const wait = this.#lastProgressAt + (this.#options.minProgressMs ?? 500) - this.#options.clock.now();
    if (wait <= 0 && !this.#timer) return void this.#sendProgress(body);
    this.#pendingProgress = body;
    this.#timer ??= setTimeout(
      () => {
        this.#timer = undefined;
        const pending = this.#pendingProgress;
        this.#pendingProgress = undefined;
        if (pending) this.#sendProgress(pending);
      },
      Math.max(0, wait),
    );
  }

  /** Sends a state event (running, succeeded, failed) after everything queued; resolves with the ack. */
  async state(body: EventBody): Promise<AgentEventAck> {
    this.#dropPendingProgress();
    const sent = this.#enqueue(body, true);
    return sent as Promise<AgentEventAck>;
  }

  /** Waits for queued events and stops the progress timer. */
  async close(): Promise<void> {
    this.#dropPendingProgress();
    await this.#chain.catch(() => undefined);
  }

  #dropPendingProgress(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pendingProgress = undefined;
  }

  #sendProgress(body: EventBody): void {
    this.#lastProgressAt = this.#options.clock.now();
    this.#enqueue(body, false).catch(() => undefined);
  }

  #enqueue(body: EventBody, mustArrive: boolean): Promise<AgentEventAck | undefined> {
    const next = this.#chain.then(() => this.#send(body, mustArrive));
    this.#chain = next.catch(() => undefined);
    return next;
  }

  async #send(body: EventBody, mustArrive: boolean): Promise<AgentEventAck | undefined> {
    const event: AgentEvent = { ...body, attempt: this.#options.attempt, seq: ++this.#seq };
    const tries = mustArrive ? (this.#options.maxTries ?? 8) : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        this.lastAck = await this.#options.transport.event(this.#options.credential, event);
        return this.lastAck;
      } catch (error) {
        const retryable = error instanceof OrchError && error.retryable;
        if (!retryable || attempt >= tries) {
          if (!mustArrive) return undefined;
          throw error;
        }
        await this.#options.clock.sleep(Math.min(30_000, 1000 * 2 ** (attempt - 1)));
      }
    }
  }
}
