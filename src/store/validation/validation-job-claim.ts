import type { Kysely } from 'kysely';
import type { Database, ValidationJobsTable } from '../schema/database.js';
import type { StoreContext } from '../store-context.js';
import { toJsonText } from './validation-job-row.js';

/** What one claim transaction decided. */
export type ClaimStep =
  | { readonly kind: 'none' }
  | { readonly kind: 'claimed'; readonly row: ValidationJobsTable }
  /** The candidate had used all its attempts and was failed; look again. */
  | { readonly kind: 'gave-up' }
  /** Another writer changed the candidate between read and update; look again. */
  | { readonly kind: 'lost' };

/** What a claim needs besides the database. */
export interface ClaimRequest {
  readonly owner: string;
  readonly leaseMs: number;
  readonly maxAttempts: number;
  readonly now: Date;
}

/**
 * One claim attempt, in the caller's transaction. The candidate is the oldest pending job or a
 * running one whose lease has expired. On PostgreSQL it is read `FOR UPDATE SKIP LOCKED`, so
 * replicas claiming at once each lock a different row; everywhere, the update is conditional on
 * the state and attempt count that were read (compare-and-set), so even without row locks a job
 * is claimed by one caller only. The profile's state moves in the same transaction.
 */
export async function claimStep(
  context: StoreContext,
  trx: Kysely<Database>,
  request: ClaimRequest,
): Promise<ClaimStep> {
  const now = request.now.toISOString();
  let query = trx
    .selectFrom('validation_jobs')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('state', '=', 'pending'),
        eb.and([eb('state', '=', 'running'), eb('lease_expires_at', '<', now)]),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .limit(1);
  if (context.adapter.skipLocked) query = query.forUpdate().skipLocked();
  const candidate = await query.executeTakeFirst();
  if (!candidate) return { kind: 'none' };
  const attempts = Number(candidate.attempts);
  if (attempts >= request.maxAttempts) {
    return (await giveUp(trx, candidate, attempts, now)) ? { kind: 'gave-up' } : { kind: 'lost' };
  }
  const set = {
    state: 'running' as const,
    attempts: attempts + 1,
    lease_owner: request.owner,
    lease_expires_at: new Date(request.now.getTime() + request.leaseMs).toISOString(),
    started_at: now,
    updated_at: now,
  };
  const updated = await trx
    .updateTable('validation_jobs')
    .set(set)
    .where('id', '=', candidate.id)
    .where('state', '=', candidate.state)
    .where('attempts', '=', attempts)
    .executeTakeFirst();
  if (updated.numUpdatedRows !== 1n) return { kind: 'lost' };
  await setProfileState(trx, candidate, 'running');
  return { kind: 'claimed', row: { ...candidate, ...set } };
}

/** Fails a job whose replicas kept dying while running it, so it cannot take every replica down. */
async function giveUp(
  trx: Kysely<Database>,
  candidate: ValidationJobsTable,
  attempts: number,
  now: string,
): Promise<boolean> {
  const error = {
    code: 'Internal',
    message: `image validation was interrupted ${attempts} times (the orchd running it stopped); giving up`,
  };
  const updated = await trx
    .updateTable('validation_jobs')
    .set({
      state: 'failed',
      error: toJsonText(error),
      lease_owner: null,
      lease_expires_at: null,
      finished_at: now,
      updated_at: now,
    })
    .where('id', '=', candidate.id)
    .where('state', '=', candidate.state)
    .where('attempts', '=', attempts)
    .executeTakeFirst();
  if (updated.numUpdatedRows !== 1n) return false;
  await setProfileState(trx, candidate, 'failed');
  return true;
}

/**
 * The profile's validation state, written in the transaction of the job change it follows.
 * `updated_at` stays: it tells clients the operator's fields changed, which validation does not.
 */
export async function setProfileState(
  trx: Kysely<Database>,
  job: Pick<ValidationJobsTable, 'project' | 'os_id'>,
  state: string,
): Promise<void> {
  await trx
    .updateTable('os_profiles')
    .set({ validation_state: state })
    .where('project', '=', job.project)
    .where('resource_id', '=', job.os_id)
    .execute();
}
