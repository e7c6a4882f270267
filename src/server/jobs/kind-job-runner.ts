import type { Job, JobOutcome } from '../../core/jobs/index.js';
import { createJobRunner, type JobRunner, type JobRunnerLog } from './job-runner.js';
import type { JobKindRegistry } from './job-kind.js';
import { failedOutcome, type JobQueue } from './job-queue.js';

/** How one orchd process runs the jobs of its registered kinds. */
export interface KindJobRunnerOptions {
  readonly queue: JobQueue;
  readonly kinds: JobKindRegistry;
  /** Most jobs running at once in this process. */
  readonly concurrency: number;
  /** How often the queue is polled for work queued by other replicas or come due (ms). */
  readonly pollMs: number;
  /** How often a running job's lease is renewed (ms); well under the lease duration. */
  readonly renewMs: number;
  /** Least time between two progress writes to the store per job (ms). */
  readonly progressMs: number;
  readonly log?: JobRunnerLog;
}

/**
 * The job runner of one orchd process: claims jobs of the registered kinds, runs each through
 * its kind with a progress reporter, and records the outcome (the kind's subject moving in the
 * same transaction). An aborted run records nothing: it is re-queued or another replica has it.
 */
export function createKindJobRunner(options: KindJobRunnerOptions): JobRunner {
  const { queue, kinds } = options;
  return createJobRunner<Job>({
    queue: {
      claim: () => queue.claim(),
      renew: (job) => queue.renew(job),
      release: async (job) => void (await queue.release(job)),
      requeueOwn: () => queue.requeueOwn(),
    },
    async run(job, signal) {
      const kind = kinds.get(job.kind);
      const progress = progressRecorder(queue, job, options.progressMs);
      let outcome: JobOutcome;
      try {
        if (!kind?.run) throw new Error(`no handler for job kind ${job.kind}`);
        outcome = await kind.run(job, { signal, progress: progress.record });
      } catch (error) {
        if (signal.aborted) return;
        outcome = failedOutcome(error);
      }
      await progress.flush();
      if (signal.aborted) return;
      await queue.finish(job, outcome);
    },
    concurrency: options.concurrency,
    pollMs: options.pollMs,
    renewMs: options.renewMs,
    ...(options.log ? { log: options.log } : {}),
  });
}

/** Publishes every progress report at once; writes the latest to the store at most every `progressMs`. */
function progressRecorder(queue: JobQueue, job: Job, progressMs: number) {
  let latest: unknown;
  let latestStage: unknown;
  let savedAt = 0;
  let saving: Promise<unknown> = Promise.resolve();
  const save = (): void => {
    const snapshot = latest;
    savedAt = Date.now();
    saving = saving.then(() => queue.saveProgress(job, snapshot)).catch(() => undefined);
  };
  return {
    record(value: unknown): void {
      // A new stage is saved at once, so a reader on another replica sees each stage.
      const stage =
        typeof value === 'object' && value !== null ? (value as { stage?: unknown }).stage : undefined;
      const stageChanged = stage !== latestStage;
      latest = value;
      latestStage = stage;
      void queue.publishProgress(job, value);
      if (stageChanged || Date.now() - savedAt >= progressMs) save();
    },
    async flush(): Promise<void> {
      if (latest !== undefined) save();
      await saving;
    },
  };
}
