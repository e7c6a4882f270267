import { OrchError } from '../../core/errors/index.js';
import type { OsProfile } from '../../core/os-profile/index.js';
import type { Job } from '../../core/jobs/index.js';
import type { Store, StoreTransaction } from '../../store/index.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { VALIDATION_JOB_KIND } from './validation-job-kind.js';
import { toValidationView, type ValidationView } from './validation-view.js';

/** What the validation operations use. */
export interface ValidationServiceDeps {
  readonly store: Store;
  /** The job queue (with the validation kind registered). */
  readonly queue: JobQueue;
  /** Tells this process's runner a job was queued (it may claim it before the next poll). */
  readonly onQueued?: () => void;
}

/** Starting and reading the validation of a profile, in API terms. */
export interface ValidationService {
  /** Queues a validation, or returns the pending/running one (`created` false). */
  start(project: string, osId: string): Promise<{ view: ValidationView; created: boolean }>;
  /** The latest validation of the profile. */
  get(project: string, osId: string): Promise<ValidationView>;
  /**
   * Queues the first validation of a profile being created, in the creation's transaction: the
   * profile and its job commit together or not at all. Call {@link announce} after the commit.
   */
  queueInTransaction(tx: StoreTransaction, project: string, osId: string): Promise<Job>;
  /**
   * Starts the profile's validation afresh in the caller's transaction (the profile changed a
   * field its verdict depends on): an active job is ended (ABORTED) and a new one queued, so the
   * profile reads `pending`. Announce the jobs returned after the commit.
   */
  restartInTransaction(tx: StoreTransaction, project: string, osId: string, reason: string): Promise<Job[]>;
  /** Tells streams and this process's runner about a job queued by {@link queueInTransaction}. */
  announce(job: Job): Promise<void>;
}

/** Validation operations; both answer NotFound for an unknown project or profile. */
export function createValidationService(deps: ValidationServiceDeps): ValidationService {
  const { store } = deps;
  const load = async (project: string, osId: string): Promise<OsProfile> => {
    if (!(await store.projects.get(project))) {
      throw new OrchError('NotFound', `project "${project}" not found`, { details: { project } });
    }
    const profile = await store.profiles.get(project, osId);
    if (profile) return profile;
    throw new OrchError('NotFound', `OS profile ${osId} not found in project "${project}"`, {
      details: { resourceId: osId },
    });
  };
  return {
    async start(project, osId) {
      const profile = await load(project, osId);
      const { job, created } = await deps.queue.enqueue(VALIDATION_JOB_KIND, project, osId);
      if (created) deps.onQueued?.();
      return { view: toValidationView(profile, job), created };
    },
    async queueInTransaction(tx, project, osId) {
      return (await deps.queue.enqueue(VALIDATION_JOB_KIND, project, osId, { tx })).job;
    },
    async restartInTransaction(tx, project, osId, reason) {
      const { job, cancelled } = await deps.queue.restart(VALIDATION_JOB_KIND, project, osId, reason, { tx });
      return [...cancelled, job];
    },
    async announce(job) {
      await deps.queue.announce(job);
      deps.onQueued?.();
    },
    async get(project, osId) {
      const profile = await load(project, osId);
      return toValidationView(profile, await store.jobs.latest(VALIDATION_JOB_KIND, project, osId));
    },
  };
}
