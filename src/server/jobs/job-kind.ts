import type { Job, JobOutcome } from '../../core/jobs/index.js';
import type { StoreTransaction } from '../../store/index.js';

/** What a running job may do besides its work. */
export interface JobRunContext {
  /** Aborts when orchd stops (the job is re-queued) or the lease was lost (another replica has it). */
  readonly signal: AbortSignal;
  /**
   * Reports progress: published at once as a `progress` event of the job's subject (every
   * replica's streams hear it) and saved on the job, throttled, for later readers.
   */
  progress(value: unknown): void;
}

/** A change of a job's state, told to its kind inside the transaction that makes it. */
export type JobChange =
  | { readonly type: 'queued' }
  | { readonly type: 'claimed' }
  /** Back in the queue: orchd stopped while running it, or a restart re-queued its leftovers. */
  | { readonly type: 'requeued' }
  | { readonly type: 'finished'; readonly outcome: JobOutcome };

/**
 * One kind of background job (`validation`, and next `provisioning-step-timeout`, `cache-fill`).
 * To add a kind: implement this interface in the kind's own folder (its `run`, and
 * `onStateChange` when the subject keeps a state of its own), add it to the registry that
 * compose-orchd/app builds ({@link jobKindRegistry}), and queue jobs with `JobQueue.enqueue(kind,
 * project, subject)`. The generic store, claim, lease renewal, re-queue and events need nothing new.
 */
export interface JobKind {
  /** Stored on every job of the kind; stable once shipped. */
  readonly kind: string;
  /** Claims of one job before it is failed (its replicas kept dying while running it). Default 3. */
  readonly maxAttempts?: number;
  /**
   * Does the work and says how it ended; a kind without `run` is only queued and read here (its
   * jobs are run by a replica that has it), never claimed. A thrown error is recorded as a failed job (its
   * OrchError code, else Internal). After an abort the outcome is ignored: the job is re-queued
   * (orchd stopping) or belongs to another replica (lease lost).
   */
  run?(job: Job, context: JobRunContext): Promise<JobOutcome>;
  /**
   * Keeps the subject in step with its job, in the same transaction as the job's change (e.g. the
   * profile's validation state). Must only write through `tx`.
   */
  onStateChange?(tx: StoreTransaction, job: Job, change: JobChange): Promise<void>;
}

/** The kinds one orchd runs, by name. */
export type JobKindRegistry = ReadonlyMap<string, JobKind>;

/** A registry of `kinds`; a name given twice is a programming error. */
export function jobKindRegistry(...kinds: readonly JobKind[]): JobKindRegistry {
  const registry = new Map<string, JobKind>();
  for (const kind of kinds) {
    if (registry.has(kind.kind)) throw new Error(`job kind ${kind.kind} registered twice`);
    registry.set(kind.kind, kind);
  }
  return registry;
}
