import { Anchor, Badge, Table, Text } from '@mantine/core';
import type { Host } from '../api/api-types.js';
import { formatTime } from '../shared/format.js';
import type { ListSort } from '../shared/list-sort.js';
import { SortHeader } from '../shared/sort-header.js';
import { HOST_SORT_FIELDS } from './host-filter.js';
import { currentProvisioning, type HostLiveState } from './host-live.js';
import { HostProgress } from './host-progress.js';

/** `HOST_STATE_ONBOARDED` → `ONBOARDED`. */
export const shortState = (state: string) => state.replace(/^HOST_STATE_/, '');

const INDICATOR_COLOR: Record<string, string> = {
  STATUS_INDICATION_ERROR: 'red',
  STATUS_INDICATION_IN_PROGRESS: 'blue',
  STATUS_INDICATION_IDLE: 'teal',
};

/** EMF's status words with the colour of their indicator. */
export function StatusWords({ text, indicator }: { text: string; indicator: string }) {
  if (!text) return <Text c="dimmed">-</Text>;
  return (
    <Badge variant="light" color={INDICATOR_COLOR[indicator] ?? 'gray'} style={{ textTransform: 'none' }}>
      {text}
    </Badge>
  );
}

export interface HostTableProps {
  readonly hosts: readonly Host[];
  readonly live: HostLiveState;
  readonly sort: ListSort;
  readonly onSort: (field: string) => void;
  readonly href: (host: Host) => string;
  readonly onOpen: (host: Host) => void;
}

/** Hosts with their live provisioning: a bar per host, step k/N, rate and EMF's words. */
export function HostTable({ hosts, live, sort, onSort, href, onOpen }: HostTableProps) {
  const header = (field: (typeof HOST_SORT_FIELDS)[number]) => (
    <SortHeader key={field.field} field={field.field} label={field.label} sort={sort} onSort={onSort} />
  );
  const [name, serial, uuid, state, status, registered] = HOST_SORT_FIELDS;
  return (
    <Table.ScrollContainer minWidth={980}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label="Hosts">
        <Table.Thead>
          <Table.Tr>
            {header(name)}
            {header(serial)}
            {header(uuid)}
            {header(state)}
            {header(status)}
            <Table.Th>OS profile</Table.Th>
            <Table.Th>Provisioning</Table.Th>
            {header(registered)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {hosts
            .filter((host) => !live.deleted.has(host.resourceId))
            .map((host) => (
              <Table.Tr key={host.resourceId} data-host={host.resourceId}>
                <Table.Td>
                  <Anchor
                    href={href(host)}
                    onClick={(event) => {
                      event.preventDefault();
                      onOpen(host);
                    }}
                  >
                    {host.name || host.resourceId}
                  </Anchor>
                </Table.Td>
                <Table.Td ff="monospace" fz="sm">
                  {host.serialNumber || '-'}
                </Table.Td>
                <Table.Td ff="monospace" fz="xs">
                  {host.uuid || '-'}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{shortState(host.currentState)}</Table.Td>
                <Table.Td>
                  <StatusWords text={host.hostStatus} indicator={host.hostStatusIndicator} />
                </Table.Td>
                <Table.Td>{osName(host)}</Table.Td>
                <Table.Td>
                  <HostProgress
                    live={currentProvisioning(host, live.provisioning.get(host.resourceId))}
                    label={`Provisioning of ${host.name || host.resourceId}`}
                  />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(host.timestamps.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The name of the profile a host's instance runs, or '-'. */
export function osName(host: Host): string {
  const os = host.instance?.os as { name?: string } | null | undefined;
  return os?.name ?? host.instance?.osID ?? '-';
}
