import { useState } from 'react';
import { Card, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { paths } from '../app/router.js';
import { useSession } from '../auth/session-context.js';
import { StatusWords } from '../hosts/host-table.js';
import { ListPagination } from '../shared/list-pagination.js';
import { QueryError } from '../shared/query-error.js';
import { RouteLink } from '../shared/route-link.js';

const PAGE_SIZE = 10;

/** The hosts whose instance runs this profile (instances filtered by `osID`), as orchd pages them. */
export function ProfileHosts({ project, resourceId }: { project: string; resourceId: string }) {
  const { client } = useSession();
  const [page, setPage] = useState(1);
  const query = { pageSize: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, filter: `osID = '${resourceId}'` };
  const list = useQuery({
    queryKey: ['profile-hosts', project, resourceId, query],
    queryFn: () => client.listInstances(project, query),
    placeholderData: keepPreviousData,
  });
  const total = list.data?.totalElements ?? 0;
  return (
    <Card withBorder radius="md" p="md" component="section" aria-label="Hosts using this profile">
      <Stack gap="sm">
        <Title order={3}>Hosts using this profile</Title>
        {list.isError && <QueryError error={list.error} title="The hosts could not be loaded" />}
        {list.data && total === 0 && <Text c="dimmed">No host runs this profile.</Text>}
        {list.data && total > 0 && (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing={4} aria-label="Hosts using this profile">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Host</Table.Th>
                  <Table.Th>Serial</Table.Th>
                  <Table.Th>Provisioning</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.instances.map((instance) => {
                  const host = (instance.host ?? {}) as { name?: string; serialNumber?: string };
                  return (
                    <Table.Tr key={instance.resourceId}>
                      <Table.Td>
                        <RouteLink to={paths.host(project, instance.hostID)}>
                          {host.name || instance.hostID}
                        </RouteLink>
                      </Table.Td>
                      <Table.Td ff="monospace">{host.serialNumber || '-'}</Table.Td>
                      <Table.Td>
                        <StatusWords
                          text={instance.provisioningStatus}
                          indicator={instance.provisioningStatusIndicator}
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <ListPagination total={total} pageSize={PAGE_SIZE} page={page} onPage={setPage} ms="auto" />
      </Stack>
    </Card>
  );
}
