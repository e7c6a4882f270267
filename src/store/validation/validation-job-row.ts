import type { ValidationJobsTable } from '../schema/database.js';
import type { ValidationJob, ValidationJobError } from '../store.js';

/** JSON text as stored, or null. */
export function toJsonText(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

const parsed = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));

/** A stored job row as the store's job. */
export function fromJobRow(row: ValidationJobsTable): ValidationJob {
  return {
    id: row.id,
    project: row.project,
    osId: row.os_id,
    state: row.state,
    progress: parsed(row.progress),
    report: parsed(row.report),
    error: parsed(row.error) as ValidationJobError | null,
    // PostgreSQL's integer arrives as a number; a count never exceeds 2^31.
    attempts: Number(row.attempts),
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
