import type { Job } from '../../core/jobs/index.js';
import type { ValidationState } from '../../core/validation/index.js';
import { OrchError } from '../../core/errors/index.js';
import type { Store, StoreTransaction } from '../../store/index.js';
import type { JobChange, JobKind } from '../jobs/job-kind.js';
import { runValidationJob } from './run-validation-job.js';
import type { ValidationRunnerSettings } from './validation-options.js';

/** The kind name of image validation jobs; their subject is the OS profile's resource id. */
export const VALIDATION_JOB_KIND = 'validation';

/** The profile's validation state after a change of its job. */
export function validationStateAfter(change: JobChange): ValidationState {
  switch (change.type) {
    case 'queued':
    case 'requeued':
      return 'pending';
    case 'claimed':
      return 'running';
    case 'finished':
      return verdictOf(change.outcome);
  }
}

/** A succeeded validation's verdict is its report's state; a failed run is `failed`. */
export function verdictOf(outcome: { readonly state: string; readonly result?: unknown }): ValidationState {
  if (outcome.state !== 'succeeded') return 'failed';
  const state = (outcome.result as { state?: unknown } | null)?.state;
  return state === 'passed' || state === 'warned' ? state : 'failed';
}

/**
 * Image validation as a job kind: runs validateImage on the profile's image and keeps the
 * profile's `validation_state` in step with its job, in the job change's transaction.
 */
export function validationJobKind(store: Store, settings: ValidationRunnerSettings): JobKind {
  return {
    kind: VALIDATION_JOB_KIND,
    ...(settings.maxAttempts ? { maxAttempts: settings.maxAttempts } : {}),
    run: (job: Job, context) => runValidationJob(store, settings, job, context),
    onStateChange: keepProfileInStep,
  };
}

/** The kind without `run`: an orchd that runs no validator still queues and reads validations. */
export const validationQueueOnlyKind: JobKind = {
  kind: VALIDATION_JOB_KIND,
  onStateChange: keepProfileInStep,
};

/**
 * The profile's validation state follows its job, in the job change's transaction. Queuing a
 * validation of a profile that does not exist is NotFound (and queues nothing); a later change
 * whose profile is gone has nothing to keep in step.
 */
async function keepProfileInStep(tx: StoreTransaction, job: Job, change: JobChange): Promise<void> {
  const found = await tx.profiles.setValidationState(job.project, job.subject, validationStateAfter(change));
  if (!found && change.type === 'queued') {
    throw new OrchError('NotFound', `OS profile ${job.subject} not found in project "${job.project}"`, {
      details: { resourceId: job.subject },
    });
  }
}
