import { isOrchError } from '../../core/errors/index.js';
import type { JobLease, Store, ValidationJob } from '../../store/store.js';
import type { ValidationProgressEvent } from '../../image/index.js';
import type { ValidationEvents } from './validation-events.js';
import { validationInputOf } from './validation-input.js';
import type { ValidationRunnerSettings } from './validation-options.js';
import { runValidator } from './run-validator.js';

/** What one validation run uses. */
export interface RunValidationDeps {
  readonly store: Store;
  readonly events: ValidationEvents;
  readonly settings: ValidationRunnerSettings & { readonly progressMs: number };
}

/** The lease a claimed job is held by. */
export const leaseOf = (job: ValidationJob): JobLease => ({
  jobId: job.id,
  owner: job.leaseOwner ?? '',
  attempt: job.attempts,
});

/**
 * Runs one claimed job: validates the profile's image and records the report (or the error) and
 * the profile's state in one transaction. Progress goes to this process's streams as it comes
 * and to the store at most every `progressMs`. An aborted run records nothing: the runner
 * re-queues it (orchd stopping) or another replica already holds it (lease lost).
 */
export async function runValidationJob(
  deps: RunValidationDeps,
  job: ValidationJob,
  signal: AbortSignal,
): Promise<void> {
  const { store, events, settings } = deps;
  const lease = leaseOf(job);
  const profile = await store.profiles.get(job.project, job.osId);
  // Deleted meanwhile: its jobs went with it.
  if (!profile) return;
  events.emit(job.project, job.osId, { kind: 'changed' });
  const progress = progressRecorder(deps, job, lease);
  let outcome: Parameters<Store['validationJobs']['finish']>[1];
  try {
    const report = await runValidator(settings, validationInputOf(profile), {
      onProgress: progress.record,
      signal,
    });
    outcome = { state: report.state, report };
  } catch (error) {
    if (signal.aborted) return;
    // validateImage reports a bad image as failed checks; what arrives here stopped the run
    // itself (scratch folder unwritable, a bug): recorded with its code, to be re-run by hand.
    const code = isOrchError(error) ? error.code : 'Internal';
    const message = error instanceof Error ? error.message : String(error);
    outcome = { state: 'failed', error: { code, message } };
  }
  await progress.flush();
  if (signal.aborted) return;
  await store.validationJobs.finish(lease, outcome);
  events.emit(job.project, job.osId, { kind: 'changed' });
}

/** Forwards every progress event to local streams; writes the latest to the store, throttled. */
function progressRecorder(deps: RunValidationDeps, job: ValidationJob, lease: JobLease) {
  const { store, events, settings } = deps;
  let latest: ValidationProgressEvent | undefined;
  let savedAt = 0;
  let saving: Promise<unknown> = Promise.resolve();
  const save = (): void => {
    const snapshot = latest;
    savedAt = Date.now();
    saving = saving.then(() => store.validationJobs.saveProgress(lease, snapshot)).catch(() => undefined);
  };
  return {
    record(event: ValidationProgressEvent): void {
      const stageChanged = latest?.stage !== event.stage;
      latest = event;
      events.emit(job.project, job.osId, { kind: 'progress', progress: event });
      if (stageChanged || Date.now() - savedAt >= settings.progressMs) save();
    },
    async flush(): Promise<void> {
      if (latest) save();
      await saving;
    },
  };
}
