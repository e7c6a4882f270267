import type { Job, JobError } from '../../core/jobs/index.js';
import type { JobsTable } from '../schema/database.js';

/** JSON text as stored, or null. */
export function toJsonText(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

const parsed = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));

/** A stored job row as the domain's job. */
export function fromJobRow(row: JobsTable): Job {
  return {
    id: row.id,
    kind: row.kind,
    project: row.project,
    subject: row.subject,
    state: row.state,
    progress: parsed(row.progress),
    result: parsed(row.result),
    error: parsed(row.error) as JobError | null,
    // PostgreSQL's integer arrives as a number; a count never exceeds 2^31.
    attempts: Number(row.attempts),
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    runAt: row.run_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
