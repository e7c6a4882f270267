import type { Selectable } from 'kysely';
import { OrchError } from '../../core/errors/index.js';
import type { Instance, InstanceFields, InstanceKind } from '../../core/host/host-types.js';
import type { SecurityFeature } from '../../core/os-profile/os-profile-types.js';
import type { WorkflowRecord } from '../../core/workflow/index.js';
import type { InstancesTable } from '../schema/database.js';
import type { HostEventInput, InstanceRepository, ListQuery, Page } from '../store.js';
import type { StoreContext } from '../store-context.js';
import { timestamp } from '../store-context.js';
import { guarded } from '../store-errors.js';
import { appendHostEvent } from '../events/host-event-log.js';
import { listPage, type ListSpec } from '../filter/list-page.js';

const ID_TRIES = 5;

function fromInstanceRow(row: Selectable<InstancesTable>): Instance {
  return {
    project: row.project,
    resourceId: row.resource_id,
    name: row.name,
    hostId: row.host_id,
    osId: row.os_id,
    kind: row.kind as InstanceKind,
    securityFeature: row.security_feature as SecurityFeature,
    sshKeys: JSON.parse(row.ssh_keys) as string[],
    customCloudInit: row.custom_cloud_init,
    timestamps: { createdAt: row.created_at, updatedAt: row.updated_at },
  };
}

/** How instances are listed: by id; no filter fields yet (the API takes none). */
const INSTANCE_LIST: ListSpec<'instances', Instance> = {
  table: 'instances',
  columns: Object.freeze({
    resourceId: { column: 'resource_id', type: 'string', orderIndexed: true },
    resource_id: { column: 'resource_id', type: 'string', orderIndexed: true },
    hostID: { column: 'host_id', type: 'string' },
    'host.resourceId': { column: 'host_id', type: 'string' },
    osID: { column: 'os_id', type: 'string' },
    'os.resourceId': { column: 'os_id', type: 'string' },
  }),
  defaultOrder: [{ field: 'resourceId', direction: 'asc' }],
  tiebreaker: { column: 'resource_id', type: 'string' },
  fromRow: fromInstanceRow,
};

/** Instances over Kysely: one per host (a unique index), each with its workflow row. */
export class KyselyInstanceRepository implements InstanceRepository {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  create(
    project: string,
    newId: () => string,
    fields: InstanceFields,
    record: WorkflowRecord,
    event?: HostEventInput,
  ): Promise<Instance> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `create an instance on host ${fields.hostId}`, async () => {
      for (let attempt = 1; ; attempt++) {
        const resourceId = newId();
        const at = timestamp(this.#context);
        const row = {
          project,
          resource_id: resourceId,
          name: fields.name,
          host_id: fields.hostId,
          os_id: fields.osId,
          kind: fields.kind,
          security_feature: fields.securityFeature,
          ssh_keys: JSON.stringify(fields.sshKeys),
          custom_cloud_init: fields.customCloudInit,
          created_at: at,
          updated_at: at,
        };
        try {
          await db.transaction().execute(async (trx) => {
            const existing = await trx
              .selectFrom('instances')
              .select('resource_id')
              .where('project', '=', project)
              .where('host_id', '=', fields.hostId)
              .executeTakeFirst();
            if (existing) throw hostTaken(fields.hostId, existing.resource_id);
            await trx.insertInto('instances').values(row).execute();
            await trx
              .insertInto('workflows')
              .values({
                project,
                host_id: fields.hostId,
                instance_id: resourceId,
                state: record.state,
                deadline: record.deadline,
                record: JSON.stringify(record),
                plan: null,
                version: 0,
                updated_at: at,
              })
              .execute();
            if (event) await appendHostEvent(trx, project, fields.hostId, event, at);
          });
          return fromInstanceRow(row);
        } catch (error) {
          const kind = adapter.classifyError(error);
          if (kind === 'foreign-key') throw await this.#missingReference(project, fields);
          if (kind !== 'unique') throw error;
          const existing = await this.getByHost(project, fields.hostId);
          if (existing) throw hostTaken(fields.hostId, existing.resourceId);
          if (attempt >= ID_TRIES) throw error;
        }
      }
    });
  }

  async #missingReference(project: string, fields: InstanceFields): Promise<OrchError> {
    const host = await this.#context.db
      .selectFrom('hosts')
      .select('resource_id')
      .where('project', '=', project)
      .where('resource_id', '=', fields.hostId)
      .executeTakeFirst();
    if (!host) {
      return new OrchError('NotFound', `host ${fields.hostId} not found in project "${project}"`, {
        details: { field: 'hostID', resourceId: fields.hostId },
      });
    }
    return new OrchError('NotFound', `OS profile ${fields.osId} not found in project "${project}"`, {
      details: { field: 'osID', resourceId: fields.osId },
    });
  }

  get(project: string, resourceId: string): Promise<Instance | undefined> {
    return guarded(this.#context.adapter, `read instance ${resourceId}`, async () => {
      const row = await this.#context.db
        .selectFrom('instances')
        .selectAll()
        .where('project', '=', project)
        .where('resource_id', '=', resourceId)
        .executeTakeFirst();
      return row && fromInstanceRow(row);
    });
  }

  getByHost(project: string, hostId: string): Promise<Instance | undefined> {
    return guarded(this.#context.adapter, `read the instance of host ${hostId}`, async () => {
      const row = await this.#context.db
        .selectFrom('instances')
        .selectAll()
        .where('project', '=', project)
        .where('host_id', '=', hostId)
        .executeTakeFirst();
      return row && fromInstanceRow(row);
    });
  }

  list(project: string, query: ListQuery): Promise<Page<Instance>> {
    return guarded(this.#context.adapter, 'list instances', () =>
      listPage(this.#context, INSTANCE_LIST, project, query),
    );
  }

  delete(project: string, resourceId: string): Promise<void> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `delete instance ${resourceId}`, () =>
      db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('instances')
          .select('host_id')
          .where('project', '=', project)
          .where('resource_id', '=', resourceId)
          .executeTakeFirst();
        if (!row) {
          throw new OrchError('NotFound', `instance ${resourceId} not found in project "${project}"`, {
            details: { resourceId },
          });
        }
        await trx
          .deleteFrom('workflows')
          .where('project', '=', project)
          .where('host_id', '=', row.host_id)
          .execute();
        await trx
          .deleteFrom('instances')
          .where('project', '=', project)
          .where('resource_id', '=', resourceId)
          .execute();
        await appendHostEvent(
          trx,
          project,
          row.host_id,
          { kind: 'instance-deleted', data: { hostId: row.host_id, instanceId: resourceId } },
          timestamp(this.#context),
        );
      }),
    );
  }
}

function hostTaken(hostId: string, instanceId: string): OrchError {
  return new OrchError('FailedPrecondition', `host ${hostId} already has instance ${instanceId}`, {
    details: { field: 'hostID', instance: instanceId },
  });
}
