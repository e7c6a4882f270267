import { useState } from 'react';
import { Button, List, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { hostsInUse } from '../api/api-error.js';
import { paths, useRouter } from '../app/router.js';
import { useSession } from '../auth/session-context.js';
import { ConfirmDeleteModal } from '../shared/confirm-delete-modal.js';
import { DetailHeader } from '../shared/detail-header.js';
import { DetailPageFrame } from '../shared/detail-page-frame.js';
import { CertificateSummaryCard } from './certificate-summary.js';
import { ProfileFieldsView } from './profile-fields-view.js';
import { ProfileHosts } from './profile-hosts.js';
import { ValidationPanel } from './validation-panel.js';

/** One profile: every field, the certificate summary, the live validation; edit and delete. */
export function ProfileDetailPage({ project, resourceId }: { project: string; resourceId: string }) {
  const { client } = useSession();
  const { navigate } = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const profile = useQuery({
    queryKey: ['profile', project, resourceId],
    queryFn: () => client.getProfile(project, resourceId),
  });
  const remove = useMutation({
    mutationFn: () => client.deleteProfile(project, resourceId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['profiles', project] });
      navigate(paths.profiles(project));
    },
  });

  return (
    <DetailPageFrame
      back={{ to: paths.profiles(project), label: 'OS profiles' }}
      noun="profile"
      query={profile}
    >
      {(p) => {
        const hosts = hostsInUse(remove.error);
        return (
          <>
            <DetailHeader
              title={p.name}
              actions={
                <>
                  <Button variant="default" onClick={() => navigate(paths.editProfile(project, resourceId))}>
                    Edit
                  </Button>
                  <Button color="red" variant="light" onClick={() => setConfirming(true)}>
                    Delete
                  </Button>
                </>
              }
            />
            <ValidationPanel project={project} resourceId={resourceId} />
            <ProfileFieldsView profile={p} />
            <CertificateSummaryCard certificates={p.tlsCaCertInfo} />
            <ProfileHosts project={project} resourceId={resourceId} />
            <ConfirmDeleteModal
              opened={confirming}
              onClose={() => (setConfirming(false), remove.reset())}
              title="Delete this profile?"
              error={remove.error}
              errorDetail={
                hosts.length > 0 && (
                  <List size="sm" mt="xs">
                    {hosts.map((host) => (
                      <List.Item key={host.resourceId}>
                        {host.resourceId}
                        {host.name ? ` (${host.name})` : ''}
                      </List.Item>
                    ))}
                  </List>
                )
              }
              confirmLabel="Delete profile"
              pending={remove.isPending}
              onConfirm={() => remove.mutate()}
            >
              <Text>
                {p.name} ({p.resourceId}) will be deleted. Hosts that use it keep it: orchd refuses the delete
                while any does.
              </Text>
            </ConfirmDeleteModal>
          </>
        );
      }}
    </DetailPageFrame>
  );
}
