export { ACTIVE_JOB_STATES, JOB_STATES, leaseOf } from './job-types.js';
export type { Job, JobError, JobLease, JobOutcome, JobState } from './job-types.js';
