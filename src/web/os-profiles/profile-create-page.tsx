import { useState } from 'react';
import { Alert, Button, FileInput, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { paths, useRouter } from '../app/router.js';
import { useSession } from '../auth/session-context.js';
import { RouteLink } from '../shared/route-link.js';
import { ProfileForm } from './profile-form.js';
import type { ProfileFormValues } from './profile-form-model.js';
import { prefillFromManifest } from './profile-manifest.js';

/** Create a custom profile; orchd starts its image validation at once, shown on the next page. */
export function ProfileCreatePage({ project }: { project: string }) {
  const { client } = useSession();
  const { navigate } = useRouter();
  const queryClient = useQueryClient();
  const [manifest, setManifest] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [prefill, setPrefill] = useState<{
    values: ProfileFormValues;
    extra: Record<string, unknown>;
    n: number;
  }>();
  const load = (text: string, source: string) => {
    const read = prefillFromManifest(text, source);
    if (!read.ok) return setProblem(read.message);
    setProblem(undefined);
    setPrefill((current) => ({ values: read.values, extra: read.extra, n: (current?.n ?? 0) + 1 }));
  };
  return (
    <Stack>
      <RouteLink to={paths.profiles(project)}>← OS profiles</RouteLink>
      <Title order={2}>Create an OS profile</Title>
      <Text c="dimmed" size="sm">
        orchd checks the image before any host uses it: it downloads it trusting only the certificate given
        here, verifies the checksum and inspects the disk. The validation starts when the profile is created.
      </Text>
      <Stack gap="xs" maw={960} component="section" aria-label="EMF manifest">
        <Title order={4}>Prefill from an EMF manifest</Title>
        <Group align="flex-end" wrap="wrap">
          <FileInput
            label="Manifest file"
            placeholder="Choose a .yaml file"
            accept=".yaml,.yml,text/yaml,application/yaml,text/plain"
            w={260}
            onChange={(file) => {
              if (file) void file.text().then((text) => (setManifest(text), load(text, file.name)));
            }}
          />
        </Group>
        <Textarea
          label="Manifest"
          description="Or paste it: appVersion, metadata and spec, as orch-cli's create osprofile reads it."
          autosize
          minRows={2}
          maxRows={12}
          ff="monospace"
          value={manifest}
          onChange={(event) => setManifest(event.currentTarget.value)}
        />
        <Group>
          <Button variant="light" onClick={() => load(manifest, 'the manifest')} disabled={!manifest.trim()}>
            Prefill the form
          </Button>
        </Group>
        {problem && (
          <Alert color="red" title="The manifest was not read" role="alert">
            {problem}
          </Alert>
        )}
        {prefill && Object.keys(prefill.extra).length > 0 && (
          <Text size="sm" c="dimmed">
            Also sent from the manifest: {Object.keys(prefill.extra).join(', ')}.
          </Text>
        )}
      </Stack>
      <ProfileForm
        key={prefill?.n ?? 0}
        {...(prefill ? { initial: prefill.values, extra: prefill.extra } : {})}
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
