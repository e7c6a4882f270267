import { OrchError } from '../../core/errors/index.js';
import type { Job, JobOutcome } from '../../core/jobs/index.js';
import type { Store } from '../../store/index.js';
import type { JobRunContext } from '../jobs/job-kind.js';
import { validationInputOf } from './validation-input.js';
import type { ValidationRunnerSettings } from './validation-options.js';
import { runValidator } from './run-validator.js';

/**
 * Runs one claimed validation job: validates the profile's image and answers the report as the
 * job's result (a bad image is a report with failed checks, not an error). What stops the run
 * itself (scratch folder unwritable, a bug) is thrown and recorded as the job's error, to be
 * re-run by hand. Progress goes to the job's subject as it comes.
 */
export async function runValidationJob(
  store: Store,
  settings: ValidationRunnerSettings,
  job: Job,
  context: JobRunContext,
): Promise<JobOutcome> {
  const profile = await store.profiles.get(job.project, job.subject);
  // Deleted meanwhile: its jobs went with it, so nothing will be recorded.
  if (!profile) throw new OrchError('NotFound', `OS profile ${job.subject} was deleted`);
  const report = await runValidator(settings, validationInputOf(profile), {
    onProgress: context.progress,
    signal: context.signal,
  });
  return { state: 'succeeded', result: report };
}
