import { hostname } from 'node:os';
import type { Store } from '../../store/index.js';
import type { EventHub } from '../events/event-hub.js';
import type { JobRunner, JobRunnerLog } from './job-runner.js';
import { jobKindRegistry, type JobKind } from './job-kind.js';
import { createJobQueue, type JobQueue } from './job-queue.js';
import { createKindJobRunner } from './kind-job-runner.js';

/** How this process runs jobs. */
export interface JobSettings {
  /** Names this replica in leases; stable across restarts. Default: the host name. */
  readonly instanceId?: string;
  /** Jobs at once in this process. */
  readonly concurrency: number;
  /** Most jobs one project may have running, every replica counted; absent: no cap. */
  readonly perProjectLimit?: number | undefined;
  /** How long a claim holds without renewal (ms). */
  readonly leaseMs: number;
  /** How often the queue is polled for jobs queued elsewhere or come due (ms). */
  readonly pollMs: number;
  /** Least time between two progress writes to the store per job (ms). */
  readonly progressMs: number;
}

/** A lease is renewed this many times within its duration, so one slow write does not lose it. */
const RENEWALS_PER_LEASE = 3;

/** The queue every route and kind uses, and the runner when this process runs jobs. */
export interface ComposedJobs {
  readonly queue: JobQueue;
  /** Absent when no registered kind runs here. */
  readonly runner: JobRunner | undefined;
}

/**
 * The job queue over `store` for `kinds`, publishing on `hub`, and a runner for the kinds that
 * run here (those with `run`). The caller starts and stops the runner with the app.
 */
export function composeJobs(
  store: Store,
  hub: EventHub,
  kinds: readonly JobKind[],
  settings: JobSettings,
  log?: JobRunnerLog,
): ComposedJobs {
  const registry = jobKindRegistry(...kinds);
  const owner = settings.instanceId ?? hostname();
  const queue = createJobQueue({
    store,
    kinds: registry,
    hub,
    owner,
    leaseMs: settings.leaseMs,
    perProjectLimit: settings.perProjectLimit,
  });
  const runs = kinds.some((kind) => kind.run !== undefined);
  const runner = runs
    ? createKindJobRunner({
        queue,
        kinds: registry,
        concurrency: settings.concurrency,
        pollMs: settings.pollMs,
        renewMs: Math.max(10, Math.floor(settings.leaseMs / RENEWALS_PER_LEASE)),
        progressMs: settings.progressMs,
        ...(log ? { log } : {}),
      })
    : undefined;
  return { queue, runner };
}
