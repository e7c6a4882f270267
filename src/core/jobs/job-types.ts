/**
 * Background jobs of any kind (image validation, provisioning step timeouts, cache fills): one
 * queue, one lease protocol. A job is queued `pending`, claimed `running` by one orchd replica
 * under a lease, and ends `succeeded` (its result says what it found, e.g. a validation verdict)
 * or `failed` (its error says why it could not finish).
 */
export const JOB_STATES = ['pending', 'running', 'succeeded', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** The states a job is in while it holds its subject (at most one such job per kind and subject). */
export const ACTIVE_JOB_STATES: readonly JobState[] = ['pending', 'running'];

/** Why a job ended without a result: the OrchError's code and message. */
export interface JobError {
  readonly code: string;
  readonly message: string;
}

/**
 * One job. `kind` names its handler (`validation`, ...); `subject` is the resource it works on
 * (an OS profile id, a host id, a sha256); `progress` and `result` are the handler's JSON.
 */
export interface Job {
  readonly id: string;
  readonly kind: string;
  readonly project: string;
  readonly subject: string;
  readonly state: JobState;
  readonly progress: unknown;
  readonly result: unknown;
  readonly error: JobError | null;
  /** How many times a replica claimed it; fences writes of a replica whose lease was taken over. */
  readonly attempts: number;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: string | null;
  /** Not claimed before this time (a timeout job); null: at once. */
  readonly runAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/**
 * A claim on a running job: who holds it and which attempt. Every write of a runner carries it,
 * so a replica whose lease expired and was taken over can no longer change the job.
 */
export interface JobLease {
  readonly jobId: string;
  readonly owner: string;
  readonly attempt: number;
}

/** The lease a claimed job is held by. */
export const leaseOf = (job: Job): JobLease => ({
  jobId: job.id,
  owner: job.leaseOwner ?? '',
  attempt: job.attempts,
});

/** How a run ended: a result, or an error (with an optional partial result). */
export type JobOutcome =
  | { readonly state: 'succeeded'; readonly result: unknown; readonly error?: undefined }
  | { readonly state: 'failed'; readonly error: JobError; readonly result?: unknown };
