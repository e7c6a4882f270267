import type { Kysely } from 'kysely';
import { OrchError } from '../../core/errors/index.js';
import type { Database, DryRunSlotsTable } from '../schema/database.js';
import type { StoreContext } from '../store-context.js';
import { leaseNow, timestamp, transact } from '../store-context.js';
import { guarded } from '../store-errors.js';
import type { DryRunSlot, DryRunSlotRepository, DryRunSlotRequest, DryRunSlotTake } from '../store.js';

/** The key every take serialises on: the overall count spans projects, so one key for all. */
const TAKE_LOCK = 'orchd-dry-run-slots';

/** Live slots as counted for one take. */
export interface LiveSlots {
  readonly project: number;
  readonly total: number;
}

/** Which cap, if any, refuses one more slot: the project's is judged first (it names the caller's own runs). */
export function dryRunRefusal(
  live: LiveSlots,
  request: Pick<DryRunSlotRequest, 'perProjectLimit' | 'totalLimit'>,
): Exclude<DryRunSlotTake, { taken: true }> | undefined {
  const { perProjectLimit, totalLimit } = request;
  if (perProjectLimit !== undefined && live.project >= perProjectLimit) {
    return { taken: false, cap: 'project', running: live.project, limit: perProjectLimit };
  }
  if (totalLimit !== undefined && live.total >= totalLimit) {
    return { taken: false, cap: 'total', running: live.total, limit: totalLimit };
  }
  return undefined;
}

const fromRow = (row: DryRunSlotsTable): DryRunSlot => ({
  id: row.id,
  project: row.project,
  owner: row.owner,
  leaseExpiresAt: row.lease_expires_at,
});

/**
 * Dry-run slots over Kysely (see {@link DryRunSlotRepository}). A take counts and inserts in one
 * transaction: on PostgreSQL under a transaction-scoped advisory lock (the adapter's `serialise`),
 * so replicas taking at once queue on it and each counts the slots committed before it; SQLite's
 * single writer already runs one take at a time. Leases are judged on the lease clock.
 */
export class KyselyDryRunSlotRepository implements DryRunSlotRepository {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  take(request: DryRunSlotRequest): Promise<DryRunSlotTake> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `take a dry-run slot of project ${request.project}`, () =>
      transact(db, async (trx) => {
        // The lock comes first: every read below then sees the takes committed before this one.
        await adapter.serialise(trx, TAKE_LOCK);
        const now = await leaseNow(this.#context, trx);
        const at = now.toISOString();
        await trx.deleteFrom('dry_run_slots').where('lease_expires_at', '<', at).execute();
        const refused = dryRunRefusal(await liveSlots(trx, request.project, at), request);
        if (refused) return refused;
        const project = await trx
          .selectFrom('projects')
          .select('name')
          .where('name', '=', request.project)
          .executeTakeFirst();
        if (!project) {
          throw new OrchError('NotFound', `project "${request.project}" not found`, {
            details: { project: request.project },
          });
        }
        const row: DryRunSlotsTable = {
          id: request.id,
          project: request.project,
          owner: request.owner,
          lease_expires_at: new Date(now.getTime() + request.leaseMs).toISOString(),
          created_at: timestamp(this.#context),
        };
        await trx.insertInto('dry_run_slots').values(row).execute();
        return { taken: true, slot: fromRow(row) };
      }),
    );
  }

  renew(id: string, leaseMs: number): Promise<boolean> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `renew dry-run slot ${id}`, async () => {
      const now = await leaseNow(this.#context);
      // A lapsed slot is not revived: a take may already have counted without it.
      const result = await db
        .updateTable('dry_run_slots')
        .set({ lease_expires_at: new Date(now.getTime() + leaseMs).toISOString() })
        .where('id', '=', id)
        .where('lease_expires_at', '>=', now.toISOString())
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    });
  }

  release(id: string): Promise<boolean> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `release dry-run slot ${id}`, async () => {
      const result = await db.deleteFrom('dry_run_slots').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows === 1n;
    });
  }

  releaseOwnedBy(owner: string): Promise<number> {
    const { db, adapter } = this.#context;
    return guarded(adapter, 'release dry-run slots', async () => {
      const result = await db.deleteFrom('dry_run_slots').where('owner', '=', owner).executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  live(project?: string): Promise<number> {
    const { db, adapter } = this.#context;
    return guarded(adapter, 'count dry-run slots', async () => {
      const at = (await leaseNow(this.#context)).toISOString();
      const counts = await liveSlots(db, project, at);
      return project === undefined ? counts.total : counts.project;
    });
  }
}

/** Live slots of `project` (0 when absent) and of every project, at `at`. */
async function liveSlots(db: Kysely<Database>, project: string | undefined, at: string): Promise<LiveSlots> {
  const row = await db
    .selectFrom('dry_run_slots')
    .select((eb) => [
      eb.fn.countAll().as('total'),
      // No project is named '': without one, the project's count is 0.
      eb.fn
        .count(
          eb
            .case()
            .when('project', '=', project ?? '')
            .then(1)
            .end(),
        )
        .as('project'),
    ])
    .where('lease_expires_at', '>=', at)
    .executeTakeFirstOrThrow();
  // PostgreSQL's count is a bigint and arrives as a string.
  return { project: Number(row.project), total: Number(row.total) };
}
