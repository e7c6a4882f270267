import { useState } from 'react';
import { Alert, Anchor, Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../api/api-error.js';
import { paths, useRouter } from '../app/router.js';
import { useSession } from '../auth/session-context.js';
import { QueryError } from '../shared/query-error.js';
import { HostDriverCheck } from './host-driver-check.js';
import { HostFieldsView } from './host-fields-view.js';
import { currentProvisioning } from './host-live.js';
import { HostProgress } from './host-progress.js';
import { StatusWords } from './host-table.js';
import { HostTimeline } from './host-timeline.js';
import { StreamNotice } from './stream-notice.js';
import { useHostEvents } from './use-host-events.js';

/** One host: every field, live progress, the timeline and the driver check; Approve, Reprovision, Delete. */
export function HostDetailPage({ project, resourceId }: { project: string; resourceId: string }) {
  const { client } = useSession();
  const { navigate } = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const { live, stream } = useHostEvents(project, resourceId);
  const host = useQuery({
    queryKey: ['host', project, resourceId],
    queryFn: () => client.getHost(project, resourceId),
  });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['host', project, resourceId] }),
      queryClient.invalidateQueries({ queryKey: ['hosts', project] }),
    ]);
  const approve = useMutation({
    mutationFn: () => client.approveHost(project, resourceId),
    onSuccess: refresh,
  });
  const reprovision = useMutation({
    mutationFn: () => client.reprovisionHost(project, resourceId),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => client.deleteHost(project, resourceId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['hosts', project] });
      navigate(paths.hosts(project));
    },
  });
  const removeInstance = useMutation({
    mutationFn: (instanceId: string) => client.deleteInstance(project, instanceId),
    onSuccess: async () => {
      remove.reset();
      await refresh();
    },
  });

  const back = (
    <Anchor
      href={paths.hosts(project)}
      onClick={(event) => {
        event.preventDefault();
        navigate(paths.hosts(project));
      }}
    >
      ← Hosts
    </Anchor>
  );
  if (host.isError)
    return (
      <Stack>
        {back}
        <QueryError error={host.error} title="The host could not be loaded" />
      </Stack>
    );
  if (!host.data)
    return (
      <Stack>
        {back}
        <Text c="dimmed">Loading the host…</Text>
      </Stack>
    );
  const h = host.data;
  const gone = live.deleted.has(resourceId);
  const provisioning = currentProvisioning(h, live.provisioning.get(resourceId));
  const state = provisioning?.provisioning?.state;
  const awaitingApproval = h.desiredState === 'HOST_STATE_REGISTERED';
  const canReprovision = state === 'failed' || state === 'succeeded';
  const actionError = approve.error ?? reprovision.error;

  return (
    <Stack>
      {back}
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>{h.name || h.resourceId}</Title>
          <Group gap="xs">
            <StatusWords text={h.hostStatus} indicator={h.hostStatusIndicator} />
            {h.onboardingStatus && (
              <StatusWords text={h.onboardingStatus} indicator={h.onboardingStatusIndicator} />
            )}
          </Group>
        </Stack>
        <Group gap="xs">
          {awaitingApproval && (
            <Button onClick={() => approve.mutate()} loading={approve.isPending}>
              Approve
            </Button>
          )}
          <Button
            variant="default"
            onClick={() => reprovision.mutate()}
            loading={reprovision.isPending}
            disabled={!canReprovision}
            title={canReprovision ? undefined : 'Reprovision re-arms a failed or provisioned host'}
          >
            Reprovision
          </Button>
          <Button color="red" variant="light" onClick={() => setConfirming(true)}>
            Delete
          </Button>
        </Group>
      </Group>
      {gone && (
        <Alert color="yellow" title="Deleted" role="alert">
          This host was deleted while the page was open.
        </Alert>
      )}
      {awaitingApproval && !h.autoOnboard && (
        <Alert color="blue" title="Waits for approval">
          This host was registered without automatic onboarding: its node is told to wait until you approve
          it.
        </Alert>
      )}
      {actionError && (
        <Alert color="red" title="orchd refused" role="alert">
          {errorMessage(actionError)}
        </Alert>
      )}
      <StreamNotice stream={stream} />
      {h.instance && <HostProgress live={provisioning} label={`Provisioning of ${h.name || h.resourceId}`} />}
      {provisioning?.provisioning && <HostTimeline provisioning={provisioning.provisioning} />}
      <HostFieldsView host={h} />
      <HostDriverCheck project={project} resourceId={resourceId} instanceProfile={h.instance?.osID} />
      <Modal
        opened={confirming}
        onClose={() => (setConfirming(false), remove.reset())}
        title="Delete this host?"
      >
        <Stack>
          <Text>
            {h.name || h.resourceId} ({h.resourceId}) will be deleted and its node credential revoked. orchd
            refuses while the host has an instance.
          </Text>
          {h.instance && (
            <Text size="sm" c="dimmed">
              Instance {h.instance.resourceId} runs on it: delete the instance first.
            </Text>
          )}
          {(remove.isError || removeInstance.isError) && (
            <Alert color="red" title="Not deleted" role="alert">
              {errorMessage(remove.error ?? removeInstance.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => (setConfirming(false), remove.reset())}>
              Cancel
            </Button>
            {h.instance && remove.isError && (
              <Button
                color="red"
                variant="light"
                loading={removeInstance.isPending}
                onClick={() => removeInstance.mutate(h.instance!.resourceId)}
              >
                Delete instance {h.instance.resourceId}
              </Button>
            )}
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              Delete host
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
