import type { Selectable, Updateable } from 'kysely';
import type { Host, HostState, StatusIndicator, StatusTriple } from '../../core/host/host-types.js';
import type { HostsTable } from '../schema/database.js';
import type { HostChanges } from '../store.js';

type HostRow = Selectable<HostsTable>;

const triple = (text: string, indicator: string, timestamp: number | string): StatusTriple => ({
  text,
  indicator: indicator as StatusIndicator,
  timestamp: Number(timestamp),
});

/** A stored row as the domain object. */
export function fromHostRow(row: HostRow): Host {
  const inventory = JSON.parse(row.inventory) as { ramBytes?: number | null; secureBoot?: boolean | null };
  return {
    project: row.project,
    resourceId: row.resource_id,
    name: row.name,
    serialNumber: row.serial_number,
    uuid: row.uuid,
    autoOnboard: Number(row.auto_onboard) === 1,
    enableVpro: Number(row.enable_vpro) === 1,
    userLvmSize: Number(row.user_lvm_size),
    desiredState: row.desired_state as HostState,
    currentState: row.current_state as HostState,
    hostname: row.hostname,
    hostStatus: triple(row.host_status, row.host_status_indicator, row.host_status_ts),
    onboardingStatus: triple(
      row.onboarding_status,
      row.onboarding_status_indicator,
      row.onboarding_status_ts,
    ),
    registrationStatus: triple(
      row.registration_status,
      row.registration_status_indicator,
      row.registration_status_ts,
    ),
    siteId: row.site_id,
    metadata: JSON.parse(row.metadata) as Host['metadata'],
    nics: JSON.parse(row.nics) as Host['nics'],
    storages: JSON.parse(row.storages) as Host['storages'],
    pciDevices: JSON.parse(row.pci_devices) as Host['pciDevices'],
    usbDevices: JSON.parse(row.usb_devices) as Host['usbDevices'],
    ramBytes: inventory.ramBytes ?? null,
    secureBoot: inventory.secureBoot ?? null,
    note: row.note,
    timestamps: { createdAt: row.created_at, updatedAt: row.updated_at },
  };
}

/** The columns a change sets. */
export function hostChangeColumns(changes: HostChanges): Updateable<HostsTable> {
  const set: Record<string, unknown> = {};
  const put = (column: keyof HostsTable, value: unknown) => {
    if (value !== undefined) set[column] = value;
  };
  put('name', changes.name);
  put('site_id', changes.siteId);
  put('metadata', changes.metadata && JSON.stringify(changes.metadata));
  put('desired_state', changes.desiredState);
  put('current_state', changes.currentState);
  put('hostname', changes.hostname);
  put('note', changes.note);
  put('serial_number', changes.serialNumber);
  put('uuid', changes.uuid);
  put('credential_hash', changes.credentialHash);
  put('nics', changes.nics && JSON.stringify(changes.nics));
  put('storages', changes.storages && JSON.stringify(changes.storages));
  put('inventory', changes.inventory && JSON.stringify(changes.inventory));
  put('pci_devices', changes.pciDevices && JSON.stringify(changes.pciDevices));
  put('usb_devices', changes.usbDevices && JSON.stringify(changes.usbDevices));
  for (const [field, column] of [
    ['hostStatus', 'host_status'],
    ['onboardingStatus', 'onboarding_status'],
    ['registrationStatus', 'registration_status'],
  ] as const) {
    const value = changes[field];
    if (!value) continue;
    set[column] = value.text;
    set[`${column}_indicator`] = value.indicator;
    set[`${column}_ts`] = value.timestamp;
  }
  return set as Updateable<HostsTable>;
}
