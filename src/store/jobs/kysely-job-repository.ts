import { sql } from 'kysely';
import { OrchError } from '../../core/errors/index.js';
import {
  ACTIVE_JOB_STATES,
  type Job,
  type JobError,
  type JobLease,
  type JobOutcome,
} from '../../core/jobs/index.js';
import type { JobsTable } from '../schema/database.js';
import type { StoreContext } from '../store-context.js';
import { leaseNow, timestamp, transact } from '../store-context.js';
import { guarded } from '../store-errors.js';
import type { ClaimRequest, ClaimResult, JobRepository, NewJob } from '../store.js';
import { claimStep } from './job-claim.js';
import { fromJobRow, toJsonText } from './job-row.js';

/** Claim steps tried per `claim` call when candidates are lost to other replicas or given up. */
const CLAIM_ROUNDS = 5;

/**
 * The job queue of every kind over Kysely (see {@link JobRepository}). Lease-holding writes are
 * conditional on owner, attempt and `running`, so a replica that lost its lease changes nothing.
 * Leases are judged on the lease clock: the database's, unless a test injects one.
 */
export class KyselyJobRepository implements JobRepository {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  enqueue(job: NewJob): Promise<{ job: Job; created: boolean }> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `queue a ${job.kind} job of ${job.subject}`, async () => {
      const now = timestamp(this.#context);
      const row: JobsTable = {
        id: job.id,
        kind: job.kind,
        project: job.project,
        subject: job.subject,
        state: 'pending',
        progress: null,
        result: null,
        error: null,
        attempts: 0,
        lease_owner: null,
        lease_expires_at: null,
        run_at: job.runAt ?? null,
        created_at: now,
        updated_at: now,
        started_at: null,
        finished_at: null,
      };
      if (
        !(await db.selectFrom('projects').select('name').where('name', '=', job.project).executeTakeFirst())
      ) {
        throw new OrchError('NotFound', `project "${job.project}" not found`, {
          details: { project: job.project },
        });
      }
      // The partial unique index keeps one active job per kind and subject: a second insert does
      // nothing (no error, so a surrounding transaction stays usable) and the active one is returned.
      const inserted = await db
        .insertInto('jobs')
        .values(row)
        .onConflict((oc) =>
          oc
            .columns(['kind', 'project', 'subject'])
            // Literal, as in the index: a bound parameter does not match the index's predicate.
            .where(sql<boolean>`state in ('pending', 'running')`)
            .doNothing(),
        )
        .executeTakeFirst();
      if (inserted.numInsertedOrUpdatedRows === 1n) return { job: fromJobRow(row), created: true };
      const active = await db
        .selectFrom('jobs')
        .selectAll()
        .where('kind', '=', job.kind)
        .where('project', '=', job.project)
        .where('subject', '=', job.subject)
        .where('state', 'in', [...ACTIVE_JOB_STATES])
        .executeTakeFirst();
      if (!active) {
        throw new OrchError('Unavailable', `the ${job.kind} job changed meanwhile; try again`, {
          retryable: true,
        });
      }
      return { job: fromJobRow(active), created: false };
    });
  }

  latest(kind: string, project: string, subject: string): Promise<Job | undefined> {
    return guarded(this.#context.adapter, `read the ${kind} job of ${subject}`, async () => {
      const row = await this.#context.db
        .selectFrom('jobs')
        .selectAll()
        .where('kind', '=', kind)
        .where('project', '=', project)
        .where('subject', '=', subject)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row && fromJobRow(row);
    });
  }

  get(id: string): Promise<Job | undefined> {
    return guarded(this.#context.adapter, `read job ${id}`, async () => {
      const row = await this.#context.db
        .selectFrom('jobs')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && fromJobRow(row);
    });
  }

  claim(request: ClaimRequest): Promise<ClaimResult> {
    const { db, adapter } = this.#context;
    return guarded(adapter, 'claim a job', async () => {
      const gaveUp: Job[] = [];
      for (let round = 0; round < CLAIM_ROUNDS; round += 1) {
        const step = await transact(db, async (trx) =>
          claimStep(this.#context, trx, request, await leaseNow(this.#context, trx)),
        );
        if (step.kind === 'claimed') return { job: fromJobRow(step.row), gaveUp };
        if (step.kind === 'gave-up') gaveUp.push(fromJobRow(step.row));
        if (step.kind === 'none') break;
      }
      return { job: undefined, gaveUp };
    });
  }

  renew(lease: JobLease, leaseMs: number): Promise<boolean> {
    return this.#leased(lease, 'renew', async () => ({
      lease_expires_at: new Date((await leaseNow(this.#context)).getTime() + leaseMs).toISOString(),
    }));
  }

  saveProgress(lease: JobLease, progress: unknown): Promise<boolean> {
    return this.#leased(lease, 'record the progress of', () =>
      Promise.resolve({ progress: toJsonText(progress) }),
    );
  }

  finish(lease: JobLease, outcome: JobOutcome): Promise<boolean> {
    const set = {
      state: outcome.state,
      result: toJsonText(outcome.result),
      error: toJsonText(outcome.error),
      lease_owner: null,
      lease_expires_at: null,
      finished_at: timestamp(this.#context),
    };
    return this.#leased(lease, 'finish', () => Promise.resolve(set));
  }

  release(lease: JobLease): Promise<boolean> {
    const set = {
      state: 'pending' as const,
      attempts: lease.attempt - 1,
      lease_owner: null,
      lease_expires_at: null,
    };
    return this.#leased(lease, 'release', () => Promise.resolve(set));
  }

  requeueOwnedBy(owner: string): Promise<Job[]> {
    const { db, adapter } = this.#context;
    return guarded(adapter, 're-queue jobs', () =>
      transact(db, async (trx) => {
        const rows = await trx
          .updateTable('jobs')
          .set({
            state: 'pending',
            lease_owner: null,
            lease_expires_at: null,
            updated_at: timestamp(this.#context),
          })
          .where('state', '=', 'running')
          .where('lease_owner', '=', owner)
          .returningAll()
          .execute();
        return rows.map(fromJobRow);
      }),
    );
  }

  cancelActive(kind: string, project: string, subject: string, error: JobError): Promise<Job[]> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `end the ${kind} job of ${subject}`, async () => {
      const now = timestamp(this.#context);
      const rows = await db
        .updateTable('jobs')
        .set({
          state: 'failed',
          error: toJsonText(error),
          lease_owner: null,
          lease_expires_at: null,
          finished_at: now,
          updated_at: now,
        })
        .where('kind', '=', kind)
        .where('project', '=', project)
        .where('subject', '=', subject)
        .where('state', 'in', [...ACTIVE_JOB_STATES])
        .returningAll()
        .execute();
      return rows.map(fromJobRow);
    });
  }

  deleteForSubject(project: string, subject: string): Promise<number> {
    return guarded(this.#context.adapter, `delete the jobs of ${subject}`, async () => {
      const result = await this.#context.db
        .deleteFrom('jobs')
        .where('project', '=', project)
        .where('subject', '=', subject)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  /** One write to a job under its lease. False (nothing written) when the lease is no longer held. */
  async #leased(
    lease: JobLease,
    action: string,
    columns: () => Promise<Partial<JobsTable>>,
  ): Promise<boolean> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `${action} job ${lease.jobId}`, async () => {
      const result = await db
        .updateTable('jobs')
        .set({ ...(await columns()), updated_at: timestamp(this.#context) })
        .where('id', '=', lease.jobId)
        .where('state', '=', 'running')
        .where('lease_owner', '=', lease.owner)
        .where('attempts', '=', lease.attempt)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    });
  }
}
