import type { Job, JobError } from '../../core/jobs/index.js';
import type { OsProfile } from '../../core/os-profile/index.js';
import { isFinishedValidationState, type ValidationState } from '../../core/validation/index.js';
import { verdictOf } from './validation-job-kind.js';

/** True when nothing changes any more in a validation in this state. */
export const isTerminalValidation = (state: string): boolean => isFinishedValidationState(state);

/** The validation of a profile as the API shows it. */
export interface ValidationView {
  /** The job behind it; null when the profile was never queued for validation. */
  readonly jobId: string | null;
  readonly state: ValidationState;
  /** The runner's last progress: stage, bytes downloaded and written, rate. */
  readonly progress: unknown;
  /** The verdict and the checks, without the facts (those are `facts`). */
  readonly report: unknown;
  /** What inspection found: format chain, virtual size, partitions, os-release, EFI signers. */
  readonly facts: unknown;
  /** Why a run ended without a report. */
  readonly error: JobError | null;
  readonly attempts: number;
  readonly createdAt: string | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/** The validation state a job shows: its own while active, then the verdict. */
export function validationStateOf(job: Job): ValidationState {
  return job.state === 'pending' || job.state === 'running' ? job.state : verdictOf(job);
}

/** The view of a profile's latest job, or of the profile alone when it has none. */
export function toValidationView(profile: OsProfile, job: Job | undefined): ValidationView {
  if (!job) {
    return {
      jobId: null,
      state: profile.validationState ?? 'pending',
      progress: null,
      report: null,
      facts: null,
      error: null,
      attempts: 0,
      createdAt: null,
      startedAt: null,
      finishedAt: null,
    };
  }
  const { facts, report } = splitReport(job.result);
  return {
    jobId: job.id,
    state: validationStateOf(job),
    progress: job.progress,
    report,
    facts,
    error: job.error,
    attempts: job.attempts,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

/** The stored report carries the facts; the API shows them beside it. */
function splitReport(stored: unknown): { report: unknown; facts: unknown } {
  if (typeof stored !== 'object' || stored === null) return { report: stored ?? null, facts: null };
  const { facts = null, ...report } = stored as Record<string, unknown>;
  return { report, facts };
}
