import { applyProfileCreateRules } from '../../../src/core/os-profile/index.js';
import type { Job, JobLease } from '../../../src/core/jobs/index.js';
import type { Store } from '../../../src/store/store.js';
import { jobKindRegistry } from '../../../src/server/jobs/job-kind.js';
import { createJobQueue } from '../../../src/server/jobs/job-queue.js';
import {
  VALIDATION_JOB_KIND,
  validationQueueOnlyKind,
} from '../../../src/server/validation/validation-job-kind.js';
import { validationStateOf } from '../../../src/server/validation/validation-view.js';
import { TEST_RELEASE_SERVICE_URL } from '../support/test-server.js';
import { ubuntuBody } from '../support/profile-bodies.js';

let counter = 0;
/** A number unique in this test process: fixture names and ids come from it, never from chance. */
const next = (): number => (counter += 1);

/** Creates project `project` (when missing) and a custom Ubuntu profile in it; returns its id. */
export async function createTestProfile(store: Store, project: string, name: string): Promise<string> {
  if (!(await store.projects.get(project))) await store.projects.create(project);
  const n = next();
  const body = ubuntuBody({ name, imageId: `22.04.${n}` });
  const result = await applyProfileCreateRules(body, {
    releaseServiceUrl: TEST_RELEASE_SERVICE_URL,
    now: new Date(),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  const id = `os-${n.toString(16).padStart(8, '0')}`;
  await store.profiles.create(project, id, result.value);
  return id;
}

/** A validation job as these tests read it: the generic job with the profile id and the verdict. */
export type ValidationJobView = Omit<Job, 'state'> & {
  readonly osId: string;
  readonly state: string;
  readonly report: unknown;
};

const view = (job: Job | undefined): ValidationJobView | undefined =>
  job && { ...job, osId: job.subject, state: validationStateOf(job), report: job.result };

/** How a validation run ended, in the tests' terms. */
export type TestOutcome =
  | { readonly state: 'passed' | 'warned' | 'failed'; readonly report: unknown }
  | { readonly state: 'failed'; readonly error: { code: string; message: string } };

/**
 * The validation jobs of `store` through the production job queue (generic store, validation
 * kind's state hook, one transaction each), with the calls the store tests make.
 */
export function validationJobs(store: Store) {
  const queueOf = (owner: string, leaseMs: number, maxAttempts: number) =>
    createJobQueue({
      store,
      kinds: jobKindRegistry({
        ...validationQueueOnlyKind,
        maxAttempts,
        run: () => Promise.reject(new Error('not run here')),
      }),
      owner,
      leaseMs,
    });
  const held = async (lease: JobLease): Promise<Job | undefined> => {
    const job = await store.jobs.get(lease.jobId);
    return job && { ...job, leaseOwner: lease.owner, attempts: lease.attempt };
  };
  return {
    async enqueue(project: string, osId: string) {
      const { job, created } = await queueOf('test', 1000, 3).enqueue(VALIDATION_JOB_KIND, project, osId);
      return { job: view(job)!, created };
    },
    latest: async (project: string, osId: string) =>
      view(await store.jobs.latest(VALIDATION_JOB_KIND, project, osId)),
    get: async (id: string) => view(await store.jobs.get(id)),
    claim: async (owner: string, leaseMs: number, maxAttempts: number) =>
      view(await queueOf(owner, leaseMs, maxAttempts).claim()),
    renew: (lease: JobLease, leaseMs: number) => store.jobs.renew(lease, leaseMs),
    saveProgress: (lease: JobLease, progress: unknown) => store.jobs.saveProgress(lease, progress),
    async finish(lease: JobLease, outcome: TestOutcome) {
      const job = await held(lease);
      if (!job) return false;
      const generic =
        'error' in outcome
          ? ({ state: 'failed', error: outcome.error } as const)
          : // A finished validation's result is its report, whose state is the verdict.
            ({
              state: 'succeeded',
              result: { ...(outcome.report as object), state: outcome.state },
            } as const);
      return queueOf(lease.owner, 1000, 3).finish(job, generic);
    },
    async release(lease: JobLease) {
      const job = await held(lease);
      return job ? queueOf(lease.owner, 1000, 3).release(job) : false;
    },
    requeueOwnedBy: (owner: string) => queueOf(owner, 1000, 3).requeueOwn(),
  };
}

/** A clock tests move by hand (leases judged on it instead of the database's). */
export function manualClock(start = Date.parse('2026-11-25T12:00:00.000Z')) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every 20 ms until it returns a value other than undefined, or fails after `ms`. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
