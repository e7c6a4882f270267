import type { Kysely } from 'kysely';
import { OrchError } from '../../core/errors/index.js';
import type { HostRegistration } from '../../core/host/host-types.js';
import { isSameMachine } from '../../core/host/host-rules.js';
import type { Database } from '../schema/database.js';

/** Upstream's status for a duplicate registration (the registry's FailedPrecondition is 409). */
const DUPLICATE_HOST_STATUS = 400;

type MachineKey = Pick<HostRegistration, 'uuid' | 'serialNumber'>;
/** A stored host that is the same machine as a registration, and by which field. */
export interface MachineHolder {
  readonly project: string;
  readonly resource_id: string;
  readonly name: string;
  readonly field: 'uuid' | 'serialNumber';
}
interface HostKeyRow {
  readonly project: string;
  readonly resource_id: string;
  readonly name: string;
  readonly uuid: string;
  readonly serial_number: string;
}

/** Of `rows`, the one that is the same machine as `registration` (a UUID match first). */
function holderAmong(
  registration: MachineKey,
  rows: readonly HostKeyRow[],
  exceptId?: { project: string; resourceId: string },
): MachineHolder | undefined {
  let bySerial: MachineHolder | undefined;
  for (const row of rows) {
    if (exceptId && row.project === exceptId.project && row.resource_id === exceptId.resourceId) continue;
    const field = isSameMachine(registration, { uuid: row.uuid, serialNumber: row.serial_number });
    if (!field) continue;
    const holder = { project: row.project, resource_id: row.resource_id, name: row.name, field };
    if (field === 'uuid') return holder;
    bySerial ??= holder;
  }
  return bySerial;
}

/**
 * The host of any project that is the same machine as `registration`: same UUID, or same serial
 * number where either side has no UUID. Undefined when none.
 */
export async function sameMachine(
  db: Kysely<Database>,
  registration: MachineKey,
  exceptId?: { project: string; resourceId: string },
): Promise<MachineHolder | undefined> {
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
  return holderAmong(registration, rows, exceptId);
}

/** Keys per query when many registrations are looked up at once (well under either dialect's bound). */
const KEYS_PER_QUERY = 500;

/**
 * {@link sameMachine} for many registrations: one query per {@link KEYS_PER_QUERY} UUIDs or
 * serial numbers, the same rule applied to what they return.
 */
export async function sameMachines(
  db: Kysely<Database>,
  registrations: readonly MachineKey[],
): Promise<(MachineHolder | undefined)[]> {
  const uuids = [...new Set(registrations.map((r) => r.uuid).filter((u) => u !== ''))];
  const serials = [...new Set(registrations.map((r) => r.serialNumber).filter((s) => s !== ''))];
  const byUuid = new Map<string, HostKeyRow[]>();
  const bySerial = new Map<string, HostKeyRow[]>();
  const keep = (map: Map<string, HostKeyRow[]>, key: string, row: HostKeyRow) => {
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  };
  const seen = new Set<string>();
  const fetch = async (column: 'uuid' | 'serial_number', values: readonly string[]) => {
    for (let i = 0; i < values.length; i += KEYS_PER_QUERY) {
      const rows = await db
        .selectFrom('hosts')
        .select(['project', 'resource_id', 'name', 'uuid', 'serial_number'])
        .where(column, 'in', values.slice(i, i + KEYS_PER_QUERY))
        .execute();
      for (const row of rows) {
        const id = `${row.project}/${row.resource_id}`;
        if (seen.has(id)) continue;
        seen.add(id);
        if (row.uuid !== '') keep(byUuid, row.uuid, row);
        if (row.serial_number !== '') keep(bySerial, row.serial_number, row);
      }
    }
  };
  await fetch('uuid', uuids);
  await fetch('serial_number', serials);
  return registrations.map((registration) =>
    holderAmong(registration, [
      ...(registration.uuid !== '' ? (byUuid.get(registration.uuid) ?? []) : []),
      ...(registration.serialNumber !== '' ? (bySerial.get(registration.serialNumber) ?? []) : []),
    ]),
  );
}

/**
 * Upstream answers a second registration of one machine with FailedPrecondition and HTTP 400
 * (orch-cli looks for that code). The holder is named only in the caller's own project.
 */
export function duplicateHostError(
  project: string,
  registration: MachineKey,
  holder: MachineHolder,
): OrchError {
  const what =
    holder.field === 'uuid' ? `uuid ${registration.uuid}` : `serialNumber ${registration.serialNumber}`;
  if (holder.project === project) {
    const named = holder.name ? `${holder.resource_id} (${holder.name})` : holder.resource_id;
    return new OrchError('FailedPrecondition', `a host with ${what} is already registered: ${named}`, {
      details: { field: holder.field, resourceId: holder.resource_id },
      status: DUPLICATE_HOST_STATUS,
    });
  }
  return new OrchError('FailedPrecondition', `a host with ${what} is already registered`, {
    details: { field: holder.field },
    status: DUPLICATE_HOST_STATUS,
  });
}
