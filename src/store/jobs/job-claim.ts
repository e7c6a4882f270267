import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
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

/** Projects with due work looked at per claim step (the rest wait for a later step). */
const PROJECTS_PER_STEP = 200;

/**
 * The order projects are served in: fewest running jobs first; among equals, the first one after
 * `last` by name (wrapping), so projects take turns; projects at `limit` are left out.
 */
export function projectTurns(
  waiting: readonly string[],
  running: ReadonlyMap<string, number>,
  last: string | undefined,
  limit: number | undefined,
): string[] {
  const count = (project: string) => running.get(project) ?? 0;
  // After `last` comes first (rank 0), then the rest from the start (rank 1).
  const rank = (project: string) => (last !== undefined && project > last ? 0 : 1);
  return waiting
    .filter((project) => limit === undefined || count(project) < limit)
    .sort((a, b) => count(a) - count(b) || rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * One claim attempt, in the caller's transaction, at `now` (the lease clock). Projects take turns
 * ({@link projectTurns}), so one project's queue of slow jobs cannot hold back another's; within
 * the chosen project the candidate is its oldest due pending job of the requested kinds or a
 * running one whose lease has expired. On PostgreSQL candidates are read `FOR UPDATE SKIP
 * LOCKED`, so replicas claiming at once each lock a different row, and a project's running count
 * is read under a per-project advisory lock, so two replicas cannot both take its last free slot;
 * everywhere, the update is conditional on the state and attempt count that were read
 * (compare-and-set), so even without row locks a job is claimed by one caller only.
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
  const due = (eb: ExpressionBuilder<Database, 'jobs'>) =>
    eb.or([
      eb.and([eb('state', '=', 'pending'), eb.or([eb('run_at', 'is', null), eb('run_at', '<=', at)])]),
      eb.and([eb('state', '=', 'running'), eb('lease_expires_at', '<', at)]),
    ]);
  const waiting = await trx
    .selectFrom('jobs')
    .select('project')
    .distinct()
    .where('kind', 'in', kinds)
    .where(due)
    .orderBy('project')
    .limit(PROJECTS_PER_STEP)
    .execute();
  if (waiting.length === 0) return { kind: 'none' };
  const projects = waiting.map((row) => row.project);
  const running = await runningCounts(trx, kinds, projects, at);
  const limit = request.perProjectLimit;
  for (const project of projectTurns(projects, running, request.lastProject, limit)) {
    if (limit !== undefined && context.adapter.skipLocked) {
      // Serialises claims of one project across replicas; the count is read again under it.
      await sql`select pg_advisory_xact_lock(hashtext(${`orchd-claim:${project}`}))`.execute(trx);
      if (((await runningCounts(trx, kinds, [project], at)).get(project) ?? 0) >= limit) continue;
    }
    let query = trx
      .selectFrom('jobs')
      .selectAll()
      .where('project', '=', project)
      .where('kind', 'in', kinds)
      .where(due)
      .orderBy('created_at')
      .orderBy('id')
      .limit(1);
    if (context.adapter.skipLocked) query = query.forUpdate().skipLocked();
    const candidate = await query.executeTakeFirst();
    if (candidate) return take(trx, request, candidate, now);
  }
  return { kind: 'none' };
}

/** Running jobs (live leases) of `kinds` per project of `projects`. */
async function runningCounts(
  trx: Kysely<Database>,
  kinds: readonly string[],
  projects: readonly string[],
  at: string,
): Promise<Map<string, number>> {
  const rows = await trx
    .selectFrom('jobs')
    .select((eb) => ['project', eb.fn.countAll().as('running')])
    .where('kind', 'in', kinds)
    .where('state', '=', 'running')
    .where('lease_expires_at', '>=', at)
    .where('project', 'in', projects)
    .groupBy('project')
    .execute();
  // PostgreSQL's count is a bigint and arrives as a string.
  return new Map(rows.map((row) => [row.project, Number(row.running)]));
}

/** Claims `candidate` for the caller (or gives it up when out of attempts). */
async function take(
  trx: Kysely<Database>,
  request: ClaimRequest,
  candidate: JobsTable,
  now: Date,
): Promise<ClaimStep> {
  const at = now.toISOString();
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
  const claimed = await setIfUnchanged(trx, candidate, attempts, set);
  return claimed ? { kind: 'claimed', row: claimed } : { kind: 'lost' };
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
  return setIfUnchanged(trx, candidate, attempts, set);
}

/**
 * Writes `set` on the candidate only while it is as it was read (same state and attempts): the row
 * as written, or undefined when another writer changed it first.
 */
async function setIfUnchanged(
  trx: Kysely<Database>,
  candidate: JobsTable,
  attempts: number,
  set: Partial<JobsTable>,
): Promise<JobsTable | undefined> {
  const updated = await trx
    .updateTable('jobs')
    .set(set)
    .where('id', '=', candidate.id)
    .where('state', '=', candidate.state)
    .where('attempts', '=', attempts)
    .executeTakeFirst();
  return updated.numUpdatedRows === 1n ? { ...candidate, ...set } : undefined;
}
