import { useState } from 'react';
import { Alert, Button, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../api/api-error.js';
import { paths, useRouter } from '../app/router.js';
import { useSession } from '../auth/session-context.js';
import { ConfirmDeleteModal } from '../shared/confirm-delete-modal.js';
import { DetailHeader } from '../shared/detail-header.js';
import { DetailPageFrame } from '../shared/detail-page-frame.js';
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

  return (
    <DetailPageFrame back={{ to: paths.hosts(project), label: 'Hosts' }} noun="host" query={host}>
      {(h) => {
        const gone = live.deleted.has(resourceId);
        const provisioning = currentProvisioning(h, live.provisioning.get(resourceId));
        const state = provisioning?.provisioning?.state;
        const awaitingApproval = h.desiredState === 'HOST_STATE_REGISTERED';
        const canReprovision = state === 'failed' || state === 'succeeded';
        const actionError = approve.error ?? reprovision.error;
        const close = () => (setConfirming(false), remove.reset());
        return (
          <>
            <DetailHeader
              title={h.name || h.resourceId}
              status={
                <>
                  <StatusWords text={h.hostStatus} indicator={h.hostStatusIndicator} />
                  {h.onboardingStatus && (
                    <StatusWords text={h.onboardingStatus} indicator={h.onboardingStatusIndicator} />
                  )}
                </>
              }
              actions={
                <>
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
                </>
              }
            />
            {gone && (
              <Alert color="yellow" title="Deleted" role="alert">
                This host was deleted while the page was open.
              </Alert>
            )}
            {awaitingApproval && !h.autoOnboard && (
              <Alert color="blue" title="Waits for approval">
                This host was registered without automatic onboarding: its node is told to wait until you
                approve it.
              </Alert>
            )}
            {actionError && (
              <Alert color="red" title="orchd refused" role="alert">
                {errorMessage(actionError)}
              </Alert>
            )}
            <StreamNotice stream={stream} />
            {h.instance && (
              <HostProgress live={provisioning} label={`Provisioning of ${h.name || h.resourceId}`} />
            )}
            {provisioning?.provisioning && <HostTimeline provisioning={provisioning.provisioning} />}
            <HostFieldsView host={h} />
            <HostDriverCheck project={project} resourceId={resourceId} instanceProfile={h.instance?.osID} />
            <ConfirmDeleteModal
              opened={confirming}
              onClose={close}
              title="Delete this host?"
              error={remove.error ?? removeInstance.error}
              extraActions={
                h.instance &&
                remove.isError && (
                  <Button
                    color="red"
                    variant="light"
                    loading={removeInstance.isPending}
                    onClick={() => removeInstance.mutate(h.instance!.resourceId)}
                  >
                    Delete instance {h.instance.resourceId}
                  </Button>
                )
              }
              confirmLabel="Delete host"
              pending={remove.isPending}
              onConfirm={() => remove.mutate()}
            >
              <Text>
                {h.name || h.resourceId} ({h.resourceId}) will be deleted and its node credential revoked.
                orchd refuses while the host has an instance.
              </Text>
              {h.instance && (
                <Text size="sm" c="dimmed">
                  Instance {h.instance.resourceId} runs on it: delete the instance first.
                </Text>
              )}
            </ConfirmDeleteModal>
          </>
        );
      }}
    </DetailPageFrame>
  );
}
