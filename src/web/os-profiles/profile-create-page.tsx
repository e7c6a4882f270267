import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { paths, useRouter } from '../app/router.js';
import { useSession } from '../auth/session-context.js';
import { ProfileForm } from './profile-form.js';

/** Create a custom profile; orchd starts its image validation at once, shown on the next page. */
export function ProfileCreatePage({ project }: { project: string }) {
  const { client } = useSession();
  const { navigate } = useRouter();
  const queryClient = useQueryClient();
  return (
    <Stack>
      <Anchor
        href={paths.profiles(project)}
        onClick={(event) => {
          event.preventDefault();
          navigate(paths.profiles(project));
        }}
      >
        ← OS profiles
      </Anchor>
      <Title order={2}>Create an OS profile</Title>
      <Text c="dimmed" size="sm">
        orchd checks the image before any host uses it: it downloads it trusting only the certificate given
        here, verifies the checksum and inspects the disk. The validation starts when the profile is created.
      </Text>
      <ProfileForm
        onSubmit={async (body) => {
          const created = await client.createProfile(project, body);
          await queryClient.invalidateQueries({ queryKey: ['profiles', project] });
          navigate(paths.profile(project, created.resourceId));
        }}
        onCancel={() => navigate(paths.profiles(project))}
      />
    </Stack>
  );
}
