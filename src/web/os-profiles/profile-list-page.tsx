import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Pagination, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { errorMessage } from '../api/api-error.js';
import { paths, useRouter } from '../app/router.js';
import { useSession } from '../auth/session-context.js';
import {
  buildFilter,
  buildOrderBy,
  nextSort,
  VALIDATION_STATES,
  type ProfileFilter,
  type ProfileSort,
} from './profile-filter.js';
import { ProfileTable } from './profile-table.js';

const PAGE_SIZE = 20;
const ANY = 'any';
const any = (value: string | null) => (value && value !== ANY ? value : undefined);

/** OS profiles of the project: filter (AIP-160 plus quick filters), sort, pages as orchd pages. */
export function ProfileListPage({ project }: { project: string }) {
  const { client } = useSession();
  const { navigate } = useRouter();
  const [draft, setDraft] = useState('');
  const [filter, setFilter] = useState<ProfileFilter>({ text: '' });
  const [sort, setSort] = useState<ProfileSort>({ field: 'name', desc: false });
  const [page, setPage] = useState(1);
  const query = {
    pageSize: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
    ...(buildFilter(filter) ? { filter: buildFilter(filter) } : {}),
    orderBy: buildOrderBy(sort),
  };
  const list = useQuery({
    queryKey: ['profiles', project, query],
    queryFn: () => client.listProfiles(project, query),
    placeholderData: keepPreviousData,
  });
  const change = (next: Partial<ProfileFilter>) => {
    setFilter((current) => ({ ...current, ...next }));
    setPage(1);
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    change({ text: draft });
  };
  const total = list.data?.totalElements ?? 0;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>OS profiles</Title>
        <Button onClick={() => navigate(paths.newProfile(project))}>Create profile</Button>
      </Group>
      <form onSubmit={apply} role="search" aria-label="Filter OS profiles">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label="Filter (AIP-160)"
            placeholder='name = "Ubuntu*" OR imageId = 22.04.5'
            value={draft}
            onChange={(event) => setDraft(event.currentTarget.value)}
            style={{ flex: '1 1 280px' }}
          />
          <Button type="submit" variant="light">
            Apply
          </Button>
          <Select
            label="Type"
            data={[ANY, 'MUTABLE', 'IMMUTABLE']}
            value={filter.osType ?? ANY}
            onChange={(value) => change({ osType: any(value) as ProfileFilter['osType'] })}
            allowDeselect={false}
            w={130}
          />
          <Select
            label="Source"
            data={[ANY, 'default', 'custom']}
            value={filter.source ?? ANY}
            onChange={(value) => change({ source: any(value) as ProfileFilter['source'] })}
            allowDeselect={false}
            w={120}
          />
          <Select
            label="Validation"
            data={[ANY, ...VALIDATION_STATES]}
            value={filter.validation ?? ANY}
            onChange={(value) => change({ validation: any(value) as ProfileFilter['validation'] })}
            allowDeselect={false}
            w={130}
          />
        </Group>
      </form>
      {list.isError && (
        <Alert color="red" title="The list could not be loaded" role="alert">
          <Text component="pre" ff="monospace" fz="sm" style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {errorMessage(list.error)}
          </Text>
        </Alert>
      )}
      {list.data && (
        <>
          <ProfileTable
            profiles={list.data.OperatingSystemResources}
            sort={sort}
            onSort={(field) => {
              setSort((current) => nextSort(current, field));
              setPage(1);
            }}
            href={(p) => paths.profile(project, p.resourceId)}
            onOpen={(p) => navigate(paths.profile(project, p.resourceId))}
          />
          <Group justify="space-between">
            <Text size="sm" c="dimmed" aria-live="polite">
              {total === 0
                ? 'No profile matches.'
                : `${query.offset + 1}-${query.offset + list.data.OperatingSystemResources.length} of ${total}`}
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
      {list.isPending && <Text c="dimmed">Loading profiles…</Text>}
    </Stack>
  );
}
