import type { Selectable } from 'kysely';
import type { WorkflowPlan, WorkflowRecord } from '../../core/workflow/index.js';
import type { WorkflowsTable } from '../schema/database.js';
import type { HostEvent, WorkflowRepository, WorkflowRow, WorkflowTransition } from '../store.js';
import type { StoreContext } from '../store-context.js';
import { timestamp } from '../store-context.js';
import { guarded } from '../store-errors.js';
import { appendHostEvent, readHostEvents } from '../events/host-event-log.js';

/** Compare-and-set rounds before giving up (each lost round means another writer progressed). */
const CAS_ROUNDS = 20;

function fromWorkflowRow(row: Selectable<WorkflowsTable>): WorkflowRow {
  return {
    project: row.project,
    hostId: row.host_id,
    instanceId: row.instance_id,
    record: JSON.parse(row.record) as WorkflowRecord,
    plan: row.plan === null ? null : (JSON.parse(row.plan) as WorkflowPlan),
    version: Number(row.version),
  };
}

/** Workflows over Kysely: every transition a compare-and-set on `version`, with its event. */
export class KyselyWorkflowRepository implements WorkflowRepository {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  get(project: string, hostId: string): Promise<WorkflowRow | undefined> {
    return guarded(this.#context.adapter, `read the workflow of host ${hostId}`, async () => {
      const row = await this.#context.db
        .selectFrom('workflows')
        .selectAll()
        .where('project', '=', project)
        .where('host_id', '=', hostId)
        .executeTakeFirst();
      return row && fromWorkflowRow(row);
    });
  }

  transition(
    project: string,
    hostId: string,
    next: (row: WorkflowRow) => WorkflowTransition | undefined,
  ): Promise<{ row: WorkflowRow; changed: boolean } | undefined> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `change the workflow of host ${hostId}`, async () => {
      for (let round = 1; ; round++) {
        const outcome = await db.transaction().execute(async (trx) => {
          const stored = await trx
            .selectFrom('workflows')
            .selectAll()
            .where('project', '=', project)
            .where('host_id', '=', hostId)
            .executeTakeFirst();
          if (!stored) return { done: true as const, result: undefined };
          const row = fromWorkflowRow(stored);
          const change = next(row);
          if (!change) return { done: true as const, result: { row, changed: false } };
          const at = timestamp(this.#context);
          const plan = change.plan === undefined ? row.plan : change.plan;
          const updated = await trx
            .updateTable('workflows')
            .set({
              state: change.record.state,
              deadline: change.record.deadline,
              record: JSON.stringify(change.record),
              plan: plan === null ? null : JSON.stringify(plan),
              version: row.version + 1,
              updated_at: at,
            })
            .where('project', '=', project)
            .where('host_id', '=', hostId)
            .where('version', '=', row.version)
            .executeTakeFirst();
          // Another writer moved it first: re-read and re-decide.
          if (Number(updated.numUpdatedRows) !== 1) return { done: false as const };
          if (change.hostStatus) {
            await trx
              .updateTable('hosts')
              .set({
                host_status: change.hostStatus.text,
                host_status_indicator: change.hostStatus.indicator,
                host_status_ts: change.hostStatus.timestamp,
              })
              .where('project', '=', project)
              .where('resource_id', '=', hostId)
              .where('current_state', '=', 'HOST_STATE_ONBOARDED')
              .execute();
          }
          if (change.event) await appendHostEvent(trx, project, hostId, change.event, at);
          const result: WorkflowRow = { ...row, record: change.record, plan, version: row.version + 1 };
          return { done: true as const, result: { row: result, changed: true } };
        });
        if (outcome.done) return outcome.result;
        if (round >= CAS_ROUNDS)
          throw new Error(`workflow of ${hostId} kept changing under ${CAS_ROUNDS} attempts`);
      }
    });
  }

  expired(now: string, limit: number): Promise<{ project: string; hostId: string }[]> {
    return guarded(this.#context.adapter, 'find expired workflow steps', async () => {
      const rows = await this.#context.db
        .selectFrom('workflows')
        .select(['project', 'host_id'])
        .where('state', 'in', ['ready', 'running'])
        .where('deadline', '<=', now)
        .orderBy('deadline')
        .limit(limit)
        .execute();
      return rows.map((row) => ({ project: row.project, hostId: row.host_id }));
    });
  }

  events(project: string, afterSeq: number, hostId: string | undefined, limit: number): Promise<HostEvent[]> {
    return guarded(this.#context.adapter, 'read host events', () =>
      readHostEvents(this.#context.db, project, afterSeq, hostId, limit),
    );
  }

  lastSeq(project: string): Promise<number> {
    return guarded(this.#context.adapter, 'read the event counter', async () => {
      const row = await this.#context.db
        .selectFrom('event_counters')
        .select('next_seq')
        .where('project', '=', project)
        .executeTakeFirst();
      return row ? Number(row.next_seq) : 0;
    });
  }
}
