import { isOrchError } from '../../core/errors/index.js';
import { newJobId } from '../../core/ids/index.js';
import { leaseOf, type Job, type JobOutcome } from '../../core/jobs/index.js';
import type { Store, StoreTransaction } from '../../store/index.js';
import type { EventHub } from '../events/event-hub.js';
import type { JobChange, JobKindRegistry } from './job-kind.js';

/** The SSE event a job's subject gets on each state change: `{id, kind, state}`. */
export const JOB_EVENT = 'job';
/** The SSE event of a running job's progress: `{id, kind, progress}`. */
export const PROGRESS_EVENT = 'progress';

/** Default claims of one job before it is failed. */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** What a queue works with. */
export interface JobQueueDeps {
  readonly store: Store;
  readonly kinds: JobKindRegistry;
  /** Where state changes and progress are published; absent: nowhere (store tests). */
  readonly hub?: EventHub | undefined;
  /** This replica's name in leases; stable across restarts so a restart re-queues its leftovers. */
  readonly owner: string;
  /** How long a claim holds without renewal (ms). */
  readonly leaseMs: number;
  /** Most jobs one project may have running across every replica; absent: no cap. */
  readonly perProjectLimit?: number | undefined;
}

/** How a job is queued. */
export interface EnqueueOptions {
  /** Queue in this transaction (e.g. with the subject's creation); default its own. */
  readonly tx?: StoreTransaction;
  /** Not before this time (a timeout job). */
  readonly runAt?: Date;
}

/**
 * Every job of every kind goes through here: the store's job table plus each kind's
 * `onStateChange` in the same transaction, and an event on the job's subject after commit.
 */
export interface JobQueue {
  /** Queues a job of `kind` for `subject`, or returns its active one (`created` false). */
  enqueue(
    kind: string,
    project: string,
    subject: string,
    options?: EnqueueOptions,
  ): Promise<{ job: Job; created: boolean }>;
  /**
   * Ends the subject's active job of `kind` (failed with ABORTED and `reason`: its input changed)
   * and queues a new one, in `options.tx` when given. Call {@link announce} on both after commit.
   */
  restart(
    kind: string,
    project: string,
    subject: string,
    reason: string,
    options?: EnqueueOptions,
  ): Promise<{ job: Job; cancelled: readonly Job[] }>;
  /**
   * Claims the next due job of a registered kind (failing those out of attempts on the way);
   * projects take turns and each stays under `perProjectLimit` running jobs.
   */
  claim(): Promise<Job | undefined>;
  renew(job: Job): Promise<boolean>;
  saveProgress(job: Job, progress: unknown): Promise<boolean>;
  finish(job: Job, outcome: JobOutcome): Promise<boolean>;
  /** Back to the queue (this replica stops); the attempt does not count. */
  release(job: Job): Promise<boolean>;
  /** Re-queues what a previous life of this replica left running; returns how many. */
  requeueOwn(): Promise<number>;
  /** Publishes a running job's progress on its subject. */
  publishProgress(job: Job, progress: unknown): Promise<void>;
  /** Publishes a job queued inside a caller's transaction, once that transaction committed. */
  announce(job: Job): Promise<void>;
}

/** The queue over `deps.store` for the kinds of `deps.kinds`. */
export function createJobQueue(deps: JobQueueDeps): JobQueue {
  const { store, kinds, hub } = deps;
  // The project claimed for last: the next claim serves the one after it first (round-robin).
  let lastProject: string | undefined;
  const claimKinds = new Map(
    [...kinds.values()]
      .filter((kind) => kind.run !== undefined)
      .map((kind) => [kind.kind, { maxAttempts: kind.maxAttempts ?? DEFAULT_MAX_ATTEMPTS }]),
  );
  const told = async (tx: StoreTransaction, job: Job, change: JobChange): Promise<void> => {
    await kinds.get(job.kind)?.onStateChange?.(tx, job, change);
  };
  const published = async (job: Job, state: string): Promise<void> => {
    await hub
      ?.publish(job.project, job.subject, { type: JOB_EVENT, data: { id: job.id, kind: job.kind, state } })
      .catch(() => undefined);
  };
  return {
    async enqueue(kind, project, subject, options = {}) {
      const work = async (tx: StoreTransaction) => {
        const queued = await tx.jobs.enqueue({
          id: newJobId(),
          kind,
          project,
          subject,
          ...(options.runAt ? { runAt: options.runAt.toISOString() } : {}),
        });
        if (queued.created) await told(tx, queued.job, { type: 'queued' });
        return queued;
      };
      const queued = options.tx ? await work(options.tx) : await store.transaction(work);
      // Inside the caller's transaction nothing is committed yet; the caller publishes if it must.
      if (queued.created && !options.tx) await published(queued.job, 'pending');
      return queued;
    },
    async restart(kind, project, subject, reason, options = {}) {
      const work = async (tx: StoreTransaction) => {
        // The ended job tells its kind nothing: the new job's `queued` sets the subject's state.
        const cancelled = await tx.jobs.cancelActive(kind, project, subject, {
          code: 'ABORTED',
          message: reason,
        });
        const queued = await tx.jobs.enqueue({ id: newJobId(), kind, project, subject });
        await told(tx, queued.job, { type: 'queued' });
        return { job: queued.job, cancelled };
      };
      const restarted = options.tx ? await work(options.tx) : await store.transaction(work);
      if (!options.tx) {
        for (const job of restarted.cancelled) await published(job, 'failed');
        await published(restarted.job, 'pending');
      }
      return restarted;
    },
    async claim() {
      const { job, gaveUp } = await store.transaction(async (tx) => {
        const result = await tx.jobs.claim({
          owner: deps.owner,
          kinds: claimKinds,
          leaseMs: deps.leaseMs,
          ...(deps.perProjectLimit !== undefined ? { perProjectLimit: deps.perProjectLimit } : {}),
          ...(lastProject !== undefined ? { lastProject } : {}),
        });
        for (const failed of result.gaveUp) {
          await told(tx, failed, {
            type: 'finished',
            outcome: { state: 'failed', error: failed.error ?? { code: 'Internal', message: 'gave up' } },
          });
        }
        if (result.job) await told(tx, result.job, { type: 'claimed' });
        return result;
      });
      for (const failed of gaveUp) await published(failed, 'failed');
      if (job) lastProject = job.project;
      if (job) await published(job, 'running');
      return job;
    },
    renew: (job) => store.jobs.renew(leaseOf(job), deps.leaseMs),
    saveProgress: (job, progress) => store.jobs.saveProgress(leaseOf(job), progress),
    async finish(job, outcome) {
      const done = await store.transaction(async (tx) => {
        if (!(await tx.jobs.finish(leaseOf(job), outcome))) return false;
        await told(tx, job, { type: 'finished', outcome });
        return true;
      });
      if (done) await published(job, outcome.state);
      return done;
    },
    async release(job) {
      const done = await store.transaction(async (tx) => {
        if (!(await tx.jobs.release(leaseOf(job)))) return false;
        await told(tx, job, { type: 'requeued' });
        return true;
      });
      if (done) await published(job, 'pending');
      return done;
    },
    async requeueOwn() {
      const requeued = await store.transaction(async (tx) => {
        const jobs = await tx.jobs.requeueOwnedBy(deps.owner);
        for (const job of jobs) await told(tx, job, { type: 'requeued' });
        return jobs;
      });
      for (const job of requeued) await published(job, 'pending');
      return requeued.length;
    },
    announce: (job) => published(job, job.state),
    async publishProgress(job, progress) {
      await hub
        ?.publish(job.project, job.subject, {
          type: PROGRESS_EVENT,
          data: { id: job.id, kind: job.kind, progress },
        })
        .catch(() => undefined);
    },
  };
}

/** The outcome recorded for a run that threw: its OrchError code (else Internal) and message. */
export function failedOutcome(error: unknown): JobOutcome {
  const code = isOrchError(error) ? error.code : 'Internal';
  const message = error instanceof Error ? error.message : String(error);
  return { state: 'failed', error: { code, message } };
}
