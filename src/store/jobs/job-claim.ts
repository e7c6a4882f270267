import type { Kysely } from 'kysely';
import type { Database, JobsTable } from '../schema/database.js';
import type { StoreContext } from '../store-context.js';
import type { ClaimRequest } from '../store.js';
import { toJsonText } from './job-row.js';

/** What one claim step decided. */
export type ClaimStep =
  | { readonly kind: 'none' }
  | { readonly kind: 'claimed'; readonly row: JobsTable }
  /** The candidate had used all its attempts and was failed; look again. */
  | { readonly kind: 'gave-up'; readonly row: JobsTable }
  /** Another writer changed the candidate between read and update; look again. */
  | { readonly kind: 'lost' };

/**
 * One claim attempt, in the caller's transaction, at `now` (the lease clock). The candidate is
 * the oldest due pending job of the requested kinds or a running one whose lease has expired. On
 * PostgreSQL it is read `FOR UPDATE SKIP LOCKED`, so replicas claiming at once each lock a
 * different row; everywhere, the update is conditional on the state and attempt count that were
 * read (compare-and-set), so even without row locks a job is claimed by one caller only.
 */
export async function claimStep(
  context: StoreContext,
  trx: Kysely<Database>,
  request: ClaimRequest,
  now: Date,
): Promise<ClaimStep> {
  const at = now.toISOString();
  const kinds = [...request.kinds.keys()];
  if (kinds.length === 0) return { kind: 'none' };
  let query = trx
    .selectFrom('jobs')
    .selectAll()
    .where('kind', 'in', kinds)
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'pending'), eb.or([eb('run_at', 'is', null), eb('run_at', '<=', at)])]),
        eb.and([eb('state', '=', 'running'), eb('lease_expires_at', '<', at)]),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .limit(1);
  if (context.adapter.skipLocked) query = query.forUpdate().skipLocked();
  const candidate = await query.executeTakeFirst();
  if (!candidate) return { kind: 'none' };
  const attempts = Number(candidate.attempts);
  const maxAttempts = request.kinds.get(candidate.kind)?.maxAttempts ?? 1;
  if (attempts >= maxAttempts) {
    const failed = await giveUp(trx, candidate, attempts, at);
    return failed ? { kind: 'gave-up', row: failed } : { kind: 'lost' };
  }
  const set = {
    state: 'running' as const,
    attempts: attempts + 1,
    lease_owner: request.owner,
    lease_expires_at: new Date(now.getTime() + request.leaseMs).toISOString(),
    started_at: at,
    updated_at: at,
  };
  const updated = await trx
    .updateTable('jobs')
    .set(set)
    .where('id', '=', candidate.id)
    .where('state', '=', candidate.state)
    .where('attempts', '=', attempts)
    .executeTakeFirst();
  if (updated.numUpdatedRows !== 1n) return { kind: 'lost' };
  return { kind: 'claimed', row: { ...candidate, ...set } };
}

/** Fails a job whose replicas kept dying while running it, so it cannot take every replica down. */
async function giveUp(
  trx: Kysely<Database>,
  candidate: JobsTable,
  attempts: number,
  now: string,
): Promise<JobsTable | undefined> {
  const error = {
    code: 'Internal',
    message: `the ${candidate.kind} job was interrupted ${attempts} times (the orchd running it stopped); giving up`,
  };
  const set = {
    state: 'failed' as const,
    error: toJsonText(error),
    lease_owner: null,
    lease_expires_at: null,
    finished_at: now,
    updated_at: now,
  };
  const updated = await trx
    .updateTable('jobs')
    .set(set)
    .where('id', '=', candidate.id)
    .where('state', '=', candidate.state)
    .where('attempts', '=', attempts)
    .executeTakeFirst();
  return updated.numUpdatedRows === 1n ? { ...candidate, ...set } : undefined;
}
