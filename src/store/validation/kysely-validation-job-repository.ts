import type { Kysely } from 'kysely';
import { OrchError } from '../../core/errors/index.js';
import type { Database, ValidationJobsTable } from '../schema/database.js';
import type { StoreContext } from '../store-context.js';
import { timestamp } from '../store-context.js';
import { guarded } from '../store-errors.js';
import { ID_TAKEN, insertUnderFreshId } from '../ids/fresh-id-insert.js';
import type { JobLease, ValidationJob, ValidationJobRepository, ValidationOutcome } from '../store.js';
import { claimStep, setProfileState } from './validation-job-claim.js';
import { fromJobRow, toJsonText } from './validation-job-row.js';

/** Claim transactions tried per `claim` call when candidates are lost to other replicas. */
const CLAIM_ROUNDS = 5;

/**
 * The validation job queue over Kysely (see {@link ValidationJobRepository}). Lease-holding
 * writes are conditional on owner, attempt and `running`, so a replica that lost its lease
 * changes nothing; the profile's validation state moves in the same transaction as its job.
 */
export class KyselyValidationJobRepository implements ValidationJobRepository {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  enqueue(
    project: string,
    osId: string,
    newId: () => string,
  ): Promise<{ job: ValidationJob; created: boolean }> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `queue the validation of OS profile ${osId}`, async () => {
      const now = timestamp(this.#context);
      const row: ValidationJobsTable = {
        id: newId(),
        project,
        os_id: osId,
        state: 'pending',
        progress: null,
        report: null,
        error: null,
        attempts: 0,
        lease_owner: null,
        lease_expires_at: null,
        created_at: now,
        updated_at: now,
        started_at: null,
        finished_at: null,
      };
      try {
        const written = await insertUnderFreshId(
          row.id,
          (id) =>
            db.transaction().execute(async (trx) => {
              const withId = { ...row, id };
              const inserted = await trx
                .insertInto('validation_jobs')
                .values(withId)
                .onConflict((conflict) => conflict.column('id').doNothing())
                .executeTakeFirst();
              if (inserted.numInsertedOrUpdatedRows !== 1n) return ID_TAKEN;
              await setProfileState(trx, withId, 'pending');
              return withId;
            }),
          { newId },
        );
        return { job: fromJobRow(written), created: true };
      } catch (error) {
        const kind = adapter.classifyError(error);
        if (kind === 'foreign-key') throw profileNotFound(project, osId);
        if (kind !== 'unique') throw error;
      }
      // The partial unique index refused a second active job: return the one that holds it.
      const active = await activeJob(db, project, osId);
      if (!active)
        throw new OrchError('Unavailable', 'the validation job changed meanwhile; try again', {
          retryable: true,
        });
      return { job: fromJobRow(active), created: false };
    });
  }

  latest(project: string, osId: string): Promise<ValidationJob | undefined> {
    return guarded(this.#context.adapter, `read the validation of OS profile ${osId}`, async () => {
      const row = await this.#context.db
        .selectFrom('validation_jobs')
        .selectAll()
        .where('project', '=', project)
        .where('os_id', '=', osId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row && fromJobRow(row);
    });
  }

  get(id: string): Promise<ValidationJob | undefined> {
    return guarded(this.#context.adapter, `read validation job ${id}`, async () => {
      const row = await this.#context.db
        .selectFrom('validation_jobs')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && fromJobRow(row);
    });
  }

  claim(owner: string, leaseMs: number, maxAttempts: number): Promise<ValidationJob | undefined> {
    const { db, adapter } = this.#context;
    return guarded(adapter, 'claim a validation job', async () => {
      for (let round = 0; round < CLAIM_ROUNDS; round += 1) {
        const request = { owner, leaseMs, maxAttempts, now: this.#context.now() };
        const step = await db.transaction().execute((trx) => claimStep(this.#context, trx, request));
        if (step.kind === 'claimed') return fromJobRow(step.row);
        if (step.kind === 'none') return undefined;
      }
      return undefined;
    });
  }

  renew(lease: JobLease, leaseMs: number): Promise<boolean> {
    return this.#leased(lease, 'renew', () => ({
      lease_expires_at: new Date(this.#context.now().getTime() + leaseMs).toISOString(),
    }));
  }

  saveProgress(lease: JobLease, progress: unknown): Promise<boolean> {
    return this.#leased(lease, 'record the progress of', () => ({ progress: toJsonText(progress) }));
  }

  finish(lease: JobLease, outcome: ValidationOutcome): Promise<boolean> {
    const now = timestamp(this.#context);
    const set = {
      state: outcome.state,
      report: toJsonText(outcome.report),
      error: toJsonText(outcome.error),
      lease_owner: null,
      lease_expires_at: null,
      finished_at: now,
    };
    return this.#leased(lease, 'finish', () => set, outcome.state);
  }

  release(lease: JobLease): Promise<boolean> {
    const set = {
      state: 'pending' as const,
      attempts: lease.attempt - 1,
      lease_owner: null,
      lease_expires_at: null,
    };
    return this.#leased(lease, 'release', () => set, 'pending');
  }

  requeueOwnedBy(owner: string): Promise<number> {
    const { db, adapter } = this.#context;
    return guarded(adapter, 're-queue validation jobs', () =>
      db.transaction().execute(async (trx) => {
        const rows = await trx
          .selectFrom('validation_jobs')
          .select(['id', 'project', 'os_id'])
          .where('state', '=', 'running')
          .where('lease_owner', '=', owner)
          .execute();
        for (const row of rows) {
          await trx
            .updateTable('validation_jobs')
            .set({
              state: 'pending',
              lease_owner: null,
              lease_expires_at: null,
              updated_at: timestamp(this.#context),
            })
            .where('id', '=', row.id)
            .execute();
          await setProfileState(trx, row, 'pending');
        }
        return rows.length;
      }),
    );
  }

  /**
   * One write to a job under its lease, and the profile's new state when given, in one
   * transaction. False (nothing written) when the lease is no longer held.
   */
  #leased(
    lease: JobLease,
    action: string,
    columns: () => Partial<ValidationJobsTable>,
    profileState?: string,
  ): Promise<boolean> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `${action} validation job ${lease.jobId}`, () =>
      db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('validation_jobs')
          .set({ ...columns(), updated_at: timestamp(this.#context) })
          .where('id', '=', lease.jobId)
          .where('state', '=', 'running')
          .where('lease_owner', '=', lease.owner)
          .where('attempts', '=', lease.attempt)
          .returning(['project', 'os_id'])
          .executeTakeFirst();
        if (!result) return false;
        if (profileState) await setProfileState(trx, result, profileState);
        return true;
      }),
    );
  }
}

async function activeJob(
  db: Kysely<Database>,
  project: string,
  osId: string,
): Promise<ValidationJobsTable | undefined> {
  return db
    .selectFrom('validation_jobs')
    .selectAll()
    .where('project', '=', project)
    .where('os_id', '=', osId)
    .where('state', 'in', ['pending', 'running'])
    .executeTakeFirst();
}

function profileNotFound(project: string, osId: string): OrchError {
  return new OrchError('NotFound', `OS profile ${osId} not found in project "${project}"`, {
    details: { resourceId: osId },
  });
}
