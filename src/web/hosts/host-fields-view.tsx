import { Card, Stack, Title } from '@mantine/core';
import { usbIds, usbInterfaceKind } from '../../core/drivers/usb-modalias.js';
import type { Host } from '../api/api-types.js';
import { FieldGrid } from '../shared/field-grid.js';
import { formatBytes, formatTime, shortEnum } from '../shared/format.js';
import { osName, shortState } from './host-table.js';

const when = (seconds: number) => (seconds > 0 ? formatTime(new Date(seconds * 1000).toISOString()) : '');
const triple = (text: string, indicator: string, at: number) =>
  text ? `${text} (${indicator.replace(/^STATUS_INDICATION_/, '')}${at ? `, ${when(at)}` : ''})` : '-';

/** Every field of a host (and of its instance), labelled. */
export function HostFieldsView({ host }: { host: Host }) {
  const i = host.instance;
  const rows: [string, string][] = [
    ['Resource id', host.resourceId],
    ['Name', host.name || '-'],
    ['Serial number', host.serialNumber || '-'],
    ['UUID', host.uuid || '-'],
    ['Hostname', host.hostname || '-'],
    ['Desired state', shortState(host.desiredState)],
    ['Current state', shortState(host.currentState)],
    ['Host status', triple(host.hostStatus, host.hostStatusIndicator, host.hostStatusTimestamp)],
    [
      'Onboarding status',
      triple(host.onboardingStatus, host.onboardingStatusIndicator, host.onboardingStatusTimestamp),
    ],
    [
      'Registration status',
      triple(host.registrationStatus, host.registrationStatusIndicator, host.registrationStatusTimestamp),
    ],
    ['Onboard automatically', host.autoOnboard ? 'yes' : 'no (waits for Approve)'],
    ['vPro', host.enableVpro ? 'enabled' : 'no'],
    ['LVM size', host.userLvmSize ? `${host.userLvmSize} GiB` : 'none'],
    ['Site', host.site ? `${host.site.name} (${host.siteId})` : host.siteId || '-'],
    ['Metadata', host.metadata.map((m) => `${m.key}=${m.value}`).join(', ') || '-'],
    ['Note', host.note || '-'],
    ['Registered', formatTime(host.timestamps.createdAt)],
    ['Updated', formatTime(host.timestamps.updatedAt)],
    ['Instance', i ? `${i.resourceId} (${i.kind.replace(/^INSTANCE_KIND_/, '')})` : 'none'],
    ['OS profile', i ? `${osName(host)} (${i.osID})` : '-'],
    ['Security feature', i ? shortEnum(i.securityFeature) : '-'],
    [
      'Provisioning status',
      i ? triple(i.provisioningStatus, i.provisioningStatusIndicator, i.provisioningStatusTimestamp) : '-',
    ],
    [
      'Instance status',
      i ? triple(i.instanceStatus, i.instanceStatusIndicator, i.instanceStatusTimestamp) : '-',
    ],
    ['Instance detail', i?.instanceStatusDetail || '-'],
    [
      'Disks',
      host.hostStorages
        .map((d) => {
          const disk = d as { deviceName?: string; capacityBytes?: string; model?: string };
          return `${disk.deviceName ?? '?'} ${formatBytes(Number(disk.capacityBytes ?? 0))}${disk.model ? ` ${disk.model}` : ''}`;
        })
        .join(', ') || '-',
    ],
    [
      'NICs',
      host.hostNics
        .map((n) => {
          const nic = n as { deviceName?: string; macAddr?: string };
          return `${nic.deviceName ?? '?'} ${nic.macAddr ?? ''}`;
        })
        .join(', ') || '-',
    ],
    [
      'PCI devices',
      (host.hostPciDevices ?? [])
        .map((d) => `${d.vendor}:${d.device} ${d.driver ?? '(no driver)'}`)
        .join(', ') || '-',
    ],
    [
      'USB devices',
      (host.hostUsbDevices ?? [])
        .flatMap((d) =>
          d.interfaces.length === 0
            ? [`${usbIds(d)} at ${d.address}`]
            : d.interfaces.map((i) => {
                const on = [...i.netDevices, ...i.blockDevices];
                return `${usbIds(d)} ${usbInterfaceKind(i)}${on.length > 0 ? ` ${on.join(' ')}` : ''} at ${i.name} ${i.driver ?? '(no driver)'}`;
              }),
        )
        .join(', ') || '-',
    ],
  ];
  return (
    <Card withBorder radius="md" p="md" component="section" aria-label="Host fields">
      <Stack gap="sm">
        <Title order={3}>Fields</Title>
        <FieldGrid rows={rows} />
      </Stack>
    </Card>
  );
}
