import { hostname } from 'node:os';
import type { Store, ValidationJob } from '../../store/store.js';
import { createJobRunner, type JobRunner, type JobRunnerLog } from '../jobs/job-runner.js';
import type { ValidationEvents } from './validation-events.js';
import {
  DEFAULT_LEASE_MS,
  DEFAULT_VALIDATION_CONCURRENCY,
  type ValidationRunnerSettings,
} from './validation-options.js';
import { leaseOf, runValidationJob } from './run-validation-job.js';

/** A lease is renewed this many times within its duration, so one slow write does not lose it. */
const RENEWALS_PER_LEASE = 3;

/**
 * The validation job runner of one orchd process: the generic job runner over the store's
 * validation queue, with this process's instance id as lease owner.
 */
export function createValidationRunner(
  store: Store,
  events: ValidationEvents,
  settings: ValidationRunnerSettings,
  log?: JobRunnerLog,
): JobRunner {
  const owner = settings.instanceId ?? hostname();
  const leaseMs = settings.leaseMs ?? DEFAULT_LEASE_MS;
  const maxAttempts = settings.maxAttempts ?? 3;
  const full = { ...settings, progressMs: settings.progressMs ?? 1000 };
  return createJobRunner<ValidationJob>({
    queue: {
      claim: () => store.validationJobs.claim(owner, leaseMs, maxAttempts),
      renew: (job) => store.validationJobs.renew(leaseOf(job), leaseMs),
      release: async (job) => {
        await store.validationJobs.release(leaseOf(job));
        events.emit(job.project, job.osId, { kind: 'changed' });
      },
      requeueOwn: () => store.validationJobs.requeueOwnedBy(owner),
    },
    run: (job, signal) => runValidationJob({ store, events, settings: full }, job, signal),
    concurrency: settings.concurrency ?? DEFAULT_VALIDATION_CONCURRENCY,
    pollMs: settings.pollMs ?? 1000,
    renewMs: Math.max(10, Math.floor(leaseMs / RENEWALS_PER_LEASE)),
    ...(log ? { log } : {}),
  });
}
