import { useState } from 'react';
import { Alert, Badge, Card, Group, List, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../api/api-error.js';
import type { DriverCheck, DriverCheckDevice } from '../api/api-types.js';
import { useSession } from '../auth/session-context.js';
import { QueryError } from '../shared/query-error.js';

const VERDICT = {
  covered: { color: 'teal', title: 'Covered: the image has a driver for every checked device' },
  missing: { color: 'red', title: 'Missing: a device has no driver in the image' },
  unknown: { color: 'yellow', title: 'Not known' },
} as const;

/** Where a device's driver comes from, per kernel of the image, or MISSING (and whether accepted). */
export function coveredBy(device: DriverCheckDevice): string {
  if (device.state === 'covered') {
    const kernels = Object.entries(device.drivers);
    const modules = [...new Set(kernels.flatMap(([, drivers]) => drivers))];
    return kernels.length > 1 && kernels.some(([, d]) => d.join() !== modules.join())
      ? kernels.map(([kernel, drivers]) => `${kernel}: ${drivers.join(', ')}`).join('; ')
      : modules.join(', ');
  }
  const where = device.missingIn.length > 0 ? ` in ${device.missingIn.join(', ')}` : '';
  return `MISSING${where}`;
}

function Verdict({ check }: { check: DriverCheck }) {
  const v = VERDICT[check.state];
  return (
    <Alert color={v.color} title={v.title} role={check.state === 'missing' ? 'alert' : 'status'}>
      {check.state === 'unknown' ? (
        <Text size="sm">{check.reason}</Text>
      ) : (
        <Text size="sm">
          {check.osProfileId}, kernel {check.kernels.join(', ')}; classes checked {check.classes.join(', ')};
          USB: NICs, disks and interface classes {(check.usbClasses ?? []).join(', ')}
        </Text>
      )}
      {check.usbUnchecked && (
        <Text size="sm" mt={4}>
          not checked: {check.usbUnchecked}
        </Text>
      )}
      {check.missing.length > 0 && (
        <List size="sm" mt={4}>
          {check.missing.map((line) => (
            <List.Item key={line}>{line}</List.Item>
          ))}
        </List>
      )}
      {check.accepted.length > 0 && (
        <List size="sm" mt={4}>
          {check.accepted.map((line) => (
            <List.Item key={line}>accepted: {line}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

function DeviceTable({ devices }: { devices: DriverCheckDevice[] }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing={6} aria-label="Driver check devices">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Bus</Table.Th>
            <Table.Th>Class</Table.Th>
            <Table.Th>Vendor:device</Table.Th>
            <Table.Th>Bound here</Table.Th>
            <Table.Th>Covered by</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {devices.map((d) => (
            <Table.Tr key={`${d.bus}:${d.address}`} data-state={d.state}>
              <Table.Td>{d.bus === 'usb' ? 'USB' : 'PCI'}</Table.Td>
              <Table.Td>
                <Text size="sm">{d.kind}</Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {d.address}
                </Text>
              </Table.Td>
              <Table.Td ff="monospace">{d.ids}</Table.Td>
              <Table.Td ff="monospace">{d.boundHere ?? '-'}</Table.Td>
              <Table.Td>
                <Group gap="xs">
                  <Text size="sm" ff="monospace" c={d.state === 'missing' ? 'red' : undefined}>
                    {coveredBy(d)}
                  </Text>
                  {d.state === 'accepted' && (
                    <Badge color="gray" variant="light" title={d.acceptedBy}>
                      accepted gap{d.acceptedBy ? ` (${d.acceptedBy})` : ''}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * The driver check of a host against an OS profile (its instance's by default): orchd answers from
 * stored facts only (the node's PCI and USB devices, the profile's validation report), before
 * provisioning.
 */
export function HostDriverCheck({
  project,
  resourceId,
  instanceProfile,
}: {
  project: string;
  resourceId: string;
  instanceProfile?: string | undefined;
}) {
  const { client } = useSession();
  const [picked, setPicked] = useState<string | null>(null);
  const osProfileId = picked ?? instanceProfile ?? null;
  const profiles = useQuery({
    queryKey: ['profiles', project, 'all'],
    queryFn: () => client.listProfiles(project, { pageSize: 100, offset: 0, orderBy: 'name' }),
  });
  const check = useQuery({
    queryKey: ['driver-check', project, resourceId, osProfileId],
    queryFn: () => client.driverCheck(project, resourceId, osProfileId ?? undefined),
    enabled: osProfileId !== null,
  });
  const data = (profiles.data?.OperatingSystemResources ?? []).map((p) => ({
    value: p.resourceId,
    label: `${p.name}${p.resourceId === instanceProfile ? ' (the instance’s)' : ''}`,
  }));
  if (osProfileId && !data.some((d) => d.value === osProfileId))
    data.unshift({ value: osProfileId, label: osProfileId });

  return (
    <Card withBorder radius="md" p="md" component="section" aria-label="Driver check">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <Title order={3}>Driver check</Title>
          <Select
            label="OS profile"
            placeholder="Choose a profile"
            searchable
            data={data}
            value={osProfileId}
            onChange={(value) => setPicked(value)}
            allowDeselect={false}
            error={profiles.isError ? errorMessage(profiles.error) : undefined}
            w={320}
          />
        </Group>
        {osProfileId === null ? (
          <Text c="dimmed">This host has no instance: choose the OS profile to check against.</Text>
        ) : check.isError ? (
          <QueryError error={check.error} title="The driver check could not be made" />
        ) : !check.data ? (
          <Text c="dimmed">Checking…</Text>
        ) : (
          <>
            <Verdict check={check.data} />
            {check.data.devices.length > 0 && <DeviceTable devices={check.data.devices} />}
          </>
        )}
      </Stack>
    </Card>
  );
}
