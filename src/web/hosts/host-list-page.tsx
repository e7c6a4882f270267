import { Button, Group } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { paths, useRouter } from '../app/router.js';
import { useSession } from '../auth/session-context.js';
import { ListPageFrame } from '../shared/list-page-frame.js';
import { QuickFilter } from '../shared/quick-filter.js';
import { useListControls } from '../shared/use-list-controls.js';
import type { HostState } from '../../core/host/host-types.js';
import { buildHostFilter, HOST_QUICK_STATES, type HostFilter } from './host-filter.js';
import { HostTable, shortState } from './host-table.js';
import { StreamNotice } from './stream-notice.js';
import { useHostEvents } from './use-host-events.js';

const STATE_OPTIONS = HOST_QUICK_STATES.map((s) => ({ value: s, label: shortState(s) }));

/** The project's hosts with live provisioning; filter, sort and pages as orchd pages them. */
export function HostListPage({ project }: { project: string }) {
  const { client } = useSession();
  const { navigate } = useRouter();
  const controls = useListControls<HostFilter>({
    filter: { text: '' },
    sort: { field: 'timestamps.createdAt', desc: true },
    pageSize: 20,
    buildFilter: buildHostFilter,
  });
  const { live, stream } = useHostEvents(project);
  const { query, filter, change } = controls;
  const list = useQuery({
    queryKey: ['hosts', project, query],
    queryFn: () => client.listHosts(project, query),
    placeholderData: keepPreviousData,
  });

  return (
    <ListPageFrame
      title="Hosts"
      actions={
        <Group gap="xs">
          <Button variant="default" onClick={() => navigate(paths.importHosts(project))}>
            Import CSV
          </Button>
          <Button onClick={() => navigate(paths.newHost(project))}>Register host</Button>
        </Group>
      }
      filterLabel="Filter hosts"
      filterPlaceholder="serialNumber = 'SN0001' OR name = edge*"
      quickFilters={
        <QuickFilter<HostState>
          label="State"
          options={STATE_OPTIONS}
          value={filter.currentState}
          onChange={(currentState) => change({ currentState })}
          w={150}
        />
      }
      controls={controls}
      notice={<StreamNotice stream={stream} />}
      list={list}
      shown={(data) => data.hosts.length}
      empty="No host matches."
      loading="Loading hosts…"
    >
      {(data) => (
        <HostTable
          hosts={data.hosts}
          live={live}
          sort={controls.sort}
          onSort={controls.onSort}
          href={(h) => paths.host(project, h.resourceId)}
          onOpen={(h) => navigate(paths.host(project, h.resourceId))}
        />
      )}
    </ListPageFrame>
  );
}
