import { useState } from 'react';
import { Alert, Anchor, Button, Group, List, Modal, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage, hostsInUse } from '../api/api-error.js';
import { paths, useRouter } from '../app/router.js';
import { useSession } from '../auth/session-context.js';
import { QueryError } from '../shared/query-error.js';
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

  const back = (
    <Anchor
      href={paths.profiles(project)}
      onClick={(event) => {
        event.preventDefault();
        navigate(paths.profiles(project));
      }}
    >
      ← OS profiles
    </Anchor>
  );
  if (profile.isError)
    return (
      <Stack>
        {back}
        <QueryError error={profile.error} title="The profile could not be loaded" />
      </Stack>
    );
  if (!profile.data)
    return (
      <Stack>
        {back}
        <Text c="dimmed">Loading the profile…</Text>
      </Stack>
    );
  const p = profile.data;
  const hosts = hostsInUse(remove.error);

  return (
    <Stack>
      {back}
      <Group justify="space-between" align="flex-start">
        <Title order={2}>{p.name}</Title>
        <Group gap="xs">
          <Button variant="default" onClick={() => navigate(paths.editProfile(project, resourceId))}>
            Edit
          </Button>
          <Button color="red" variant="light" onClick={() => setConfirming(true)}>
            Delete
          </Button>
        </Group>
      </Group>
      <ValidationPanel project={project} resourceId={resourceId} />
      <ProfileFieldsView profile={p} />
      <CertificateSummaryCard certificates={p.tlsCaCertInfo} />
      <ProfileHosts project={project} resourceId={resourceId} />
      <Modal
        opened={confirming}
        onClose={() => (setConfirming(false), remove.reset())}
        title="Delete this profile?"
      >
        <Stack>
          <Text>
            {p.name} ({p.resourceId}) will be deleted. Hosts that use it keep it: orchd refuses the delete
            while any does.
          </Text>
          {remove.isError && (
            <Alert color="red" title="Not deleted" role="alert">
              {errorMessage(remove.error)}
              {hosts.length > 0 && (
                <List size="sm" mt="xs">
                  {hosts.map((host) => (
                    <List.Item key={host.resourceId}>
                      {host.resourceId}
                      {host.name ? ` (${host.name})` : ''}
                    </List.Item>
                  ))}
                </List>
              )}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => (setConfirming(false), remove.reset())}>
              Cancel
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              Delete profile
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
