import { Button } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { paths, useRouter } from '../app/router.js';
import { useSession } from '../auth/session-context.js';
import { ListPageFrame } from '../shared/list-page-frame.js';
import { QuickFilter } from '../shared/quick-filter.js';
import { useListControls } from '../shared/use-list-controls.js';
import { buildFilter, VALIDATION_STATES, type ProfileFilter } from './profile-filter.js';
import { ProfileTable } from './profile-table.js';

/** OS profiles of the project: filter (AIP-160 plus quick filters), sort, pages as orchd pages. */
export function ProfileListPage({ project }: { project: string }) {
  const { client } = useSession();
  const { navigate } = useRouter();
  const controls = useListControls<ProfileFilter>({
    filter: { text: '' },
    sort: { field: 'name', desc: false },
    pageSize: 20,
    buildFilter,
  });
  const { query, filter, change } = controls;
  const list = useQuery({
    queryKey: ['profiles', project, query],
    queryFn: () => client.listProfiles(project, query),
    placeholderData: keepPreviousData,
  });

  return (
    <ListPageFrame
      title="OS profiles"
      actions={<Button onClick={() => navigate(paths.newProfile(project))}>Create profile</Button>}
      filterLabel="Filter OS profiles"
      filterPlaceholder='name = "Ubuntu*" OR imageId = 22.04.5'
      quickFilters={
        <>
          <QuickFilter
            label="Type"
            options={['MUTABLE', 'IMMUTABLE'] as const}
            value={filter.osType}
            onChange={(osType) => change({ osType })}
            w={130}
          />
          <QuickFilter
            label="Source"
            options={['default', 'custom'] as const}
            value={filter.source}
            onChange={(source) => change({ source })}
            w={120}
          />
          <QuickFilter
            label="Validation"
            options={VALIDATION_STATES}
            value={filter.validation}
            onChange={(validation) => change({ validation })}
            w={130}
          />
        </>
      }
      controls={controls}
      list={list}
      shown={(data) => data.OperatingSystemResources.length}
      empty="No profile matches."
      loading="Loading profiles…"
    >
      {(data) => (
        <ProfileTable
          profiles={data.OperatingSystemResources}
          sort={controls.sort}
          onSort={controls.onSort}
          href={(p) => paths.profile(project, p.resourceId)}
          onOpen={(p) => navigate(paths.profile(project, p.resourceId))}
        />
      )}
    </ListPageFrame>
  );
}
