import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Pagination, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { errorMessage } from '../api/api-error.js';
import { paths, useRouter } from '../app/router.js';
import { useSession } from '../auth/session-context.js';
import { buildOrderBy, nextSort, type ProfileSort } from '../os-profiles/profile-filter.js';
import type { HostState } from '../../core/host/host-types.js';
import { buildHostFilter, HOST_QUICK_STATES, type HostFilter } from './host-filter.js';
import { HostTable, shortState } from './host-table.js';
import { StreamNotice } from './stream-notice.js';
import { useHostEvents } from './use-host-events.js';

const PAGE_SIZE = 20;
const ANY = 'any';

/** The project's hosts with live provisioning; filter, sort and pages as orchd pages them. */
export function HostListPage({ project }: { project: string }) {
  const { client } = useSession();
  const { navigate } = useRouter();
  const [draft, setDraft] = useState('');
  const [filter, setFilter] = useState<HostFilter>({ text: '' });
  const [sort, setSort] = useState<ProfileSort>({ field: 'timestamps.createdAt', desc: true });
  const [page, setPage] = useState(1);
  const { live, stream } = useHostEvents(project);
  const built = buildHostFilter(filter);
  const query = {
    pageSize: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
    ...(built ? { filter: built } : {}),
    orderBy: buildOrderBy(sort),
  };
  const list = useQuery({
    queryKey: ['hosts', project, query],
    queryFn: () => client.listHosts(project, query),
    placeholderData: keepPreviousData,
  });
  const change = (next: Partial<HostFilter>) => {
    setFilter((current) => ({ ...current, ...next }));
    setPage(1);
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    change({ text: draft });
  };
  const total = list.data?.totalElements ?? 0;
  const shown = list.data?.hosts.length ?? 0;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Hosts</Title>
        <Group gap="xs">
          <Button variant="default" onClick={() => navigate(paths.importHosts(project))}>
            Import CSV
          </Button>
          <Button onClick={() => navigate(paths.newHost(project))}>Register host</Button>
        </Group>
      </Group>
      <form onSubmit={apply} role="search" aria-label="Filter hosts">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label="Filter (AIP-160)"
            placeholder="serialNumber = 'SN0001' OR name = edge*"
            value={draft}
            onChange={(event) => setDraft(event.currentTarget.value)}
            style={{ flex: '1 1 280px' }}
          />
          <Button type="submit" variant="light">
            Apply
          </Button>
          <Select
            label="State"
            data={[
              { value: ANY, label: ANY },
              ...HOST_QUICK_STATES.map((s) => ({ value: s, label: shortState(s) })),
            ]}
            value={filter.currentState ?? ANY}
            onChange={(value) =>
              change({ currentState: value && value !== ANY ? (value as HostState) : undefined })
            }
            allowDeselect={false}
            w={150}
          />
        </Group>
      </form>
      <StreamNotice stream={stream} />
      {list.isError && (
        <Alert color="red" title="The list could not be loaded" role="alert">
          <Text component="pre" ff="monospace" fz="sm" style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {errorMessage(list.error)}
          </Text>
        </Alert>
      )}
      {list.data && (
        <>
          <HostTable
            hosts={list.data.hosts}
            live={live}
            sort={sort}
            onSort={(field) => {
              setSort((current) => nextSort(current, field));
              setPage(1);
            }}
            href={(h) => paths.host(project, h.resourceId)}
            onOpen={(h) => navigate(paths.host(project, h.resourceId))}
          />
          <Group justify="space-between">
            <Text size="sm" c="dimmed" aria-live="polite">
              {total === 0 ? 'No host matches.' : `${query.offset + 1}-${query.offset + shown} of ${total}`}
            </Text>
            {total > PAGE_SIZE && (
              <Pagination
                total={Math.ceil(total / PAGE_SIZE)}
                value={page}
                onChange={setPage}
                getControlProps={(control) => ({ 'aria-label': `${control} page` })}
              />
            )}
          </Group>
        </>
      )}
      {list.isPending && <Text c="dimmed">Loading hosts…</Text>}
    </Stack>
  );
}
