import type { Kysely } from 'kysely';
import { OrchError } from '../../core/errors/index.js';
import type { HostRegistration } from '../../core/host/host-types.js';
import type { Database } from '../schema/database.js';

/**
 * The host of any project that is the same machine as `registration`: same UUID, or same serial
 * number where either side has no UUID. Undefined when none.
 */
export async function sameMachine(
  db: Kysely<Database>,
  registration: Pick<HostRegistration, 'uuid' | 'serialNumber'>,
  exceptId?: { project: string; resourceId: string },
): Promise<
  { project: string; resource_id: string; name: string; field: 'uuid' | 'serialNumber' } | undefined
> {
  const { uuid, serialNumber } = registration;
  const rows = await db
    .selectFrom('hosts')
    .select(['project', 'resource_id', 'name', 'uuid', 'serial_number'])
    .where((eb) => {
      const terms = [];
      if (uuid !== '') terms.push(eb('uuid', '=', uuid));
      if (serialNumber !== '') {
        const sameSerial = eb('serial_number', '=', serialNumber);
        terms.push(uuid === '' ? sameSerial : eb.and([sameSerial, eb('uuid', '=', '')]));
      }
      return eb.or(terms);
    })
    .execute();
  const other = rows.filter(
    (row) => !(exceptId && row.project === exceptId.project && row.resource_id === exceptId.resourceId),
  );
  const byUuid = other.find((row) => uuid !== '' && row.uuid === uuid);
  const hit = byUuid ?? other[0];
  if (!hit) return undefined;
  return {
    project: hit.project,
    resource_id: hit.resource_id,
    name: hit.name,
    field: byUuid ? 'uuid' : 'serialNumber',
  };
}

/**
 * Upstream answers a second registration of one machine with FailedPrecondition (orch-cli looks
 * for that code). The holder is named only in the caller's own project.
 */
export function duplicateHostError(
  project: string,
  registration: Pick<HostRegistration, 'uuid' | 'serialNumber'>,
  holder: { project: string; resource_id: string; name: string; field: 'uuid' | 'serialNumber' },
): OrchError {
  const what =
    holder.field === 'uuid' ? `uuid ${registration.uuid}` : `serialNumber ${registration.serialNumber}`;
  if (holder.project === project) {
    const named = holder.name ? `${holder.resource_id} (${holder.name})` : holder.resource_id;
    return new OrchError('FailedPrecondition', `a host with ${what} is already registered: ${named}`, {
      details: { field: holder.field, resourceId: holder.resource_id },
    });
  }
  return new OrchError('FailedPrecondition', `a host with ${what} is already registered`, {
    details: { field: holder.field },
  });
}
