import { pciClassName, pciIds, usbIds, usbInterfaceKind } from '../../core/drivers/index.js';
import type { Column } from '../output/render-table.js';
import { terminalSafe } from '../output/terminal-text.js';
import type { HostResource } from './host-api.js';

/** EMF's words for a host that has no instance yet. */
export const NOT_PROVISIONED = 'Not Provisioned';

/** `instance.provisioningStatus`, or EMF's "Not Provisioned" when there is no instance. */
export const provisioningStatusOf = (h: HostResource): string =>
  h.instance?.provisioningStatus || NOT_PROVISIONED;

/** The name of the instance's OS profile, '-' without one. */
const osNameOf = (h: HostResource): string => {
  const os = h.instance?.os as { name?: unknown } | null | undefined;
  return typeof os?.name === 'string' && os.name ? os.name : '-';
};

/**
 * The columns of `list host`, as EMF's orch-cli prints them: RESOURCE ID, NAME, HOST STATUS,
 * PROVISIONING STATUS, SERIAL NUMBER, OPERATING SYSTEM, SITE ID, SITE NAME.
 */
export const HOST_COLUMNS: readonly Column<HostResource>[] = [
  { header: 'RESOURCE ID', value: (h) => h.resourceId },
  { header: 'NAME', value: (h) => h.name || '-' },
  { header: 'HOST STATUS', value: (h) => h.hostStatus || 'Not Connected' },
  { header: 'PROVISIONING STATUS', value: provisioningStatusOf },
  { header: 'SERIAL NUMBER', value: (h) => h.serialNumber || '-' },
  { header: 'OPERATING SYSTEM', value: osNameOf },
  { header: 'SITE ID', value: (h) => h.siteId || '-' },
  { header: 'SITE NAME', value: (h) => h.site?.name || '-' },
];

/** `-o wide` adds the UUID, the host and registration states and the instance. */
export const WIDE_HOST_COLUMNS: readonly Column<HostResource>[] = [
  ...HOST_COLUMNS,
  { header: 'UUID', value: (h) => h.uuid || '-' },
  { header: 'STATE', value: (h) => h.currentState.replace(/^HOST_STATE_/, '') },
  { header: 'INSTANCE', value: (h) => h.instance?.resourceId ?? '-' },
];

const when = (seconds: number): string => (seconds > 0 ? new Date(seconds * 1000).toISOString() : '-');

/** Every field of one host for `get host`, with the provisioning steps when there are any. */
export function hostDetails(h: HostResource): [string, string][] {
  const fields: [string, string][] = [
    ['Name', h.name],
    ['Resource ID', h.resourceId],
    ['Serial number', h.serialNumber],
    ['UUID', h.uuid],
    ['Hostname', h.hostname],
    ['State', `${h.currentState} (desired ${h.desiredState})`],
    ['Host status', `${h.hostStatus || 'Not Connected'} (${when(h.hostStatusTimestamp)})`],
    ['Onboarding', h.onboardingStatus],
    ['Registration', h.registrationStatus],
    ['Auto onboard', h.autoOnboard ? 'yes' : 'no (approve with: orch-cli host approve)'],
    ['Site', h.site ? `${h.site.name} (${h.siteId})` : h.siteId || '-'],
    ['Metadata', h.metadata.map((m) => `${m.key}=${m.value}`).join(', ')],
    ...deviceFields(h),
  ];
  const inst = h.instance;
  if (!inst) {
    fields.push(['Provisioning', NOT_PROVISIONED]);
  } else {
    fields.push(
      ['Instance', inst.resourceId],
      ['Operating system', `${osNameOf(h)} (${inst.osID})`],
      ['Security', inst.securityFeature],
      ['Provisioning', inst.provisioningStatus],
    );
    const p = inst.provisioning;
    if (p) {
      fields.push(['Attempt', String(p.attempt)], ['Image validation', p.imageValidation]);
      if (p.reason) fields.push(['Waiting', p.reason]);
      if (p.error) fields.push(['Error', `${p.error.code}: ${p.error.message}`]);
      p.steps.forEach((step, index) => {
        const took = step.durationMs === null ? '' : ` in ${(step.durationMs / 1000).toFixed(1)} s`;
        const why = step.error
          ? `: ${step.error.code}: ${step.error.message}`
          : step.detail
            ? `: ${step.detail}`
            : '';
        fields.push([`  ${index + 1}/${p.steps.length}`, `${step.text}: ${step.state}${took}${why}`]);
      });
    }
  }
  fields.push(['Created', h.timestamps.createdAt], ['Updated', h.timestamps.updatedAt]);
  return fields;
}

const bound = (driver: string | null) => (driver === null ? 'no driver' : `driver ${driver}`);

/**
 * The PCI functions and USB interfaces the node reported at onboarding, one line each:
 * `0000:00:03.0  8086:10d3 Ethernet controller, driver e1000e` and
 * `2-1:1.0  0bda:8153 USB network adapter (enx00e04c680001), driver r8152`.
 */
function deviceFields(h: HostResource): [string, string][] {
  const fields: [string, string][] = [];
  if (h.hostPciDevices.length > 0) fields.push(['PCI devices', String(h.hostPciDevices.length)]);
  for (const d of h.hostPciDevices)
    fields.push([
      `  ${d.address}`,
      terminalSafe(`${pciIds(d)} ${pciClassName(d.class)}, ${bound(d.driver)}`),
    ]);
  if (h.hostUsbDevices.length > 0) fields.push(['USB devices', String(h.hostUsbDevices.length)]);
  for (const d of h.hostUsbDevices) {
    if (d.interfaces.length === 0) fields.push([`  ${d.address}`, usbIds(d)]);
    for (const intf of d.interfaces) {
      const on = [...intf.netDevices, ...intf.blockDevices];
      const what = `${usbInterfaceKind(intf)}${on.length > 0 ? ` (${on.join(', ')})` : ''}`;
      fields.push([`  ${intf.name}`, terminalSafe(`${usbIds(d)} ${what}, ${bound(intf.driver)}`)]);
    }
  }
  return fields;
}

/** `host "edge-1" (host-1a2b3c4d)` or `host host-1a2b3c4d`, how messages name a host. */
export const hostLabel = (h: { resourceId: string; name?: string }): string =>
  h.name
    ? `host "${terminalSafe(h.name)}" (${terminalSafe(h.resourceId)})`
    : `host ${terminalSafe(h.resourceId)}`;
