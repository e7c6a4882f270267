import { OrchError } from '../../core/errors/index.js';
import type { Host, HostRegistration } from '../../core/host/host-types.js';
import type { HostChanges, HostEventInput, HostRepository, HostSummary, ListQuery, Page } from '../store.js';
import type { StoreContext } from '../store-context.js';
import { timestamp } from '../store-context.js';
import { guarded } from '../store-errors.js';
import { listPage } from '../filter/list-page.js';
import { appendHostEvent } from '../events/host-event-log.js';
import { fromHostRow, hostChangeColumns } from './host-row.js';
import { HOST_LIST } from './host-columns.js';
import { duplicateHostError, sameMachine, sameMachines } from './host-conflicts.js';

/** Tries of a fresh id when a generated one collides (32 random bits: rare). */
const ID_TRIES = 5;

/** Hosts over Kysely; every lookup is scoped by project except the node look-ups of onboarding. */
export class KyselyHostRepository implements HostRepository {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  register(project: string, newId: () => string, registration: HostRegistration): Promise<Host> {
    const { db, adapter } = this.#context;
    return guarded(adapter, 'register a host', async () => {
      for (let attempt = 1; ; attempt++) {
        const resourceId = newId();
        const at = timestamp(this.#context);
        try {
          return await db.transaction().execute(async (trx) => {
            const holder = await sameMachine(trx, registration);
            if (holder) throw duplicateHostError(project, registration, holder);
            const row = {
              project,
              resource_id: resourceId,
              name: registration.name,
              serial_number: registration.serialNumber,
              uuid: registration.uuid,
              auto_onboard: registration.autoOnboard ? 1 : 0,
              enable_vpro: registration.enableVpro ? 1 : 0,
              user_lvm_size: registration.userLvmSize,
              desired_state: registration.autoOnboard ? 'HOST_STATE_ONBOARDED' : 'HOST_STATE_REGISTERED',
              current_state: 'HOST_STATE_REGISTERED',
              host_status: 'Not Connected',
              host_status_indicator: 'STATUS_INDICATION_IDLE',
              host_status_ts: seconds(at),
              registration_status: 'Host is Registered',
              registration_status_indicator: 'STATUS_INDICATION_IDLE',
              registration_status_ts: seconds(at),
              created_at: at,
              updated_at: at,
            };
            await trx.insertInto('hosts').values(row).execute();
            await appendHostEvent(
              trx,
              project,
              resourceId,
              { kind: 'registered', data: { hostId: resourceId } },
              at,
            );
            const stored = await trx
              .selectFrom('hosts')
              .selectAll()
              .where('project', '=', project)
              .where('resource_id', '=', resourceId)
              .executeTakeFirstOrThrow();
            return fromHostRow(stored);
          });
        } catch (error) {
          const kind = adapter.classifyError(error);
          if (kind === 'foreign-key') throw projectNotFound(project);
          if (kind !== 'unique') throw error;
          // A concurrent registration of the same machine, or an id collision.
          const holder = await sameMachine(db, registration);
          if (holder) throw duplicateHostError(project, registration, holder);
          if (attempt >= ID_TRIES) throw error;
        }
      }
    });
  }

  registrationConflicts(
    project: string,
    registrations: readonly Pick<HostRegistration, 'uuid' | 'serialNumber'>[],
  ): Promise<(OrchError | undefined)[]> {
    return guarded(this.#context.adapter, 'look up registered machines', async () => {
      const holders = await sameMachines(this.#context.db, registrations);
      return holders.map((holder, i) => holder && duplicateHostError(project, registrations[i]!, holder));
    });
  }

  get(project: string, resourceId: string): Promise<Host | undefined> {
    return guarded(this.#context.adapter, `read host ${resourceId}`, async () => {
      const row = await this.#context.db
        .selectFrom('hosts')
        .selectAll()
        .where('project', '=', project)
        .where('resource_id', '=', resourceId)
        .executeTakeFirst();
      return row && fromHostRow(row);
    });
  }

  list(project: string, query: ListQuery): Promise<Page<Host>> {
    return guarded(this.#context.adapter, 'list hosts', () =>
      listPage(this.#context, HOST_LIST, project, query),
    );
  }

  summary(project: string): Promise<HostSummary> {
    return guarded(this.#context.adapter, 'summarise hosts', async () => {
      const rows = await this.#context.db
        .selectFrom('hosts')
        .leftJoin('instances', (join) =>
          join
            .onRef('instances.project', '=', 'hosts.project')
            .onRef('instances.host_id', '=', 'hosts.resource_id'),
        )
        .select([
          'hosts.host_status_indicator as indicator',
          'hosts.host_status as status',
          'instances.resource_id as instance',
        ])
        .where('hosts.project', '=', project)
        .execute();
      return {
        total: rows.length,
        error: rows.filter((row) => row.indicator === 'STATUS_INDICATION_ERROR').length,
        running: rows.filter((row) => row.status === 'Running').length,
        unallocated: rows.filter((row) => row.instance === null).length,
      };
    });
  }

  update(project: string, resourceId: string, changes: HostChanges, event?: HostEventInput): Promise<Host> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `update host ${resourceId}`, () =>
      db.transaction().execute(async (trx) => {
        const at = timestamp(this.#context);
        const current = await trx
          .selectFrom('hosts')
          .selectAll()
          .where('project', '=', project)
          .where('resource_id', '=', resourceId)
          .executeTakeFirst();
        if (!current) throw hostNotFound(project, resourceId);
        const set = {
          ...hostChangeColumns(changes),
          updated_at: at > current.updated_at ? at : current.updated_at,
        };
        const updated = await trx
          .updateTable('hosts')
          .set(set)
          .where('project', '=', project)
          .where('resource_id', '=', resourceId)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (event) await appendHostEvent(trx, project, resourceId, event, at);
        return fromHostRow(updated);
      }),
    );
  }

  delete(project: string, resourceId: string): Promise<void> {
    const { db, adapter } = this.#context;
    return guarded(adapter, `delete host ${resourceId}`, () =>
      db.transaction().execute(async (trx) => {
        const host = await trx
          .selectFrom('hosts')
          .select(['name'])
          .where('project', '=', project)
          .where('resource_id', '=', resourceId)
          .executeTakeFirst();
        if (!host) throw hostNotFound(project, resourceId);
        const instance = await trx
          .selectFrom('instances')
          .select(['resource_id', 'os_id'])
          .where('project', '=', project)
          .where('host_id', '=', resourceId)
          .executeTakeFirst();
        if (instance) {
          throw new OrchError(
            'FailedPrecondition',
            `host ${resourceId}${host.name ? ` (${host.name})` : ''} has instance ${instance.resource_id} (OS profile ${instance.os_id}); delete the instance first`,
            { details: { instance: instance.resource_id } },
          );
        }
        // The row carries the credential hash: deleting it revokes the node's credential.
        await trx
          .deleteFrom('hosts')
          .where('project', '=', project)
          .where('resource_id', '=', resourceId)
          .execute();
        await appendHostEvent(
          trx,
          project,
          resourceId,
          { kind: 'deleted', data: { hostId: resourceId } },
          timestamp(this.#context),
        );
      }),
    );
  }

  findNode(uuid: string, serialNumber: string): Promise<Host[]> {
    return guarded(this.#context.adapter, 'look up a node', async () => {
      if (uuid === '' && serialNumber === '') return [];
      const rows = await this.#context.db
        .selectFrom('hosts')
        .selectAll()
        .where((eb) =>
          eb.or([
            ...(uuid !== '' ? [eb('uuid', '=', uuid)] : []),
            ...(serialNumber !== '' ? [eb('serial_number', '=', serialNumber)] : []),
          ]),
        )
        .orderBy('created_at')
        .execute();
      return rows.map(fromHostRow);
    });
  }

  findByCredentialHash(hash: string): Promise<Host | undefined> {
    return guarded(this.#context.adapter, 'check a node credential', async () => {
      const row = await this.#context.db
        .selectFrom('hosts')
        .selectAll()
        .where('credential_hash', '=', hash)
        .executeTakeFirst();
      return row && fromHostRow(row);
    });
  }
}

/** Unix seconds of an ISO timestamp (EMF's status timestamps). */
export function seconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

export function hostNotFound(project: string, resourceId: string): OrchError {
  return new OrchError('NotFound', `host ${resourceId} not found in project "${project}"`, {
    details: { resourceId },
  });
}

function projectNotFound(project: string): OrchError {
  return new OrchError('NotFound', `project "${project}" not found`, { details: { project } });
}
