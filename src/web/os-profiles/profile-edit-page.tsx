import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, errorMessage } from '../api/api-error.js';
import type { OsProfile } from '../api/api-types.js';
import { paths, useRouter } from '../app/router.js';
import { useSession } from '../auth/session-context.js';
import { CertificateField } from '../shared/certificate-field.js';
import { QueryError } from '../shared/query-error.js';
import { RouteLink } from '../shared/route-link.js';
import { checkChanges, serverIssues, type FormIssues } from './profile-form-model.js';

/** Edit the mutable fields of a profile (description, metadata, architecture, TLS certificate). */
export function ProfileEditPage({ project, resourceId }: { project: string; resourceId: string }) {
  const { client } = useSession();
  const profile = useQuery({
    queryKey: ['profile', project, resourceId],
    queryFn: () => client.getProfile(project, resourceId),
  });
  if (profile.isError) return <QueryError error={profile.error} title="The profile could not be loaded" />;
  if (!profile.data) return <Text c="dimmed">Loading the profile…</Text>;
  return <EditForm project={project} profile={profile.data} />;
}

function EditForm({ project, profile }: { project: string; profile: OsProfile }) {
  const { client } = useSession();
  const { navigate } = useRouter();
  const queryClient = useQueryClient();
  const [description, setDescription] = useState(profile.description);
  const [architecture, setArchitecture] = useState(profile.architecture);
  const [metadata, setMetadata] = useState(profile.metadata);
  const [tlsCaCert, setTlsCaCert] = useState('');
  const [issues, setIssues] = useState<FormIssues>({ fields: {}, general: [] });
  const [busy, setBusy] = useState(false);
  const detail = paths.profile(project, profile.resourceId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, unknown> = {};
    if (description !== profile.description) body['description'] = description;
    if (architecture !== profile.architecture) body['architecture'] = architecture;
    if (metadata !== profile.metadata) body['metadata'] = metadata;
    if (tlsCaCert.trim()) body['tlsCaCert'] = tlsCaCert;
    if (Object.keys(body).length === 0) return navigate(detail);
    const local = checkChanges(body, new Date());
    if (local) return setIssues(local);
    setBusy(true);
    try {
      await client.patchProfile(project, profile.resourceId, body);
      await queryClient.invalidateQueries({ queryKey: ['profile', project, profile.resourceId] });
      await queryClient.invalidateQueries({ queryKey: ['profiles', project] });
      navigate(detail);
    } catch (error) {
      const fromServer = error instanceof ApiError ? serverIssues(error.body.details) : undefined;
      setIssues(fromServer ?? { fields: {}, general: [errorMessage(error)] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack maw={960}>
      <RouteLink to={detail}>← {profile.name}</RouteLink>
      <Title order={2}>Edit {profile.name}</Title>
      <Text c="dimmed" size="sm">
        Only these fields can change; the image, its checksum and the type are fixed (create a new profile for
        another image).
      </Text>
      <form onSubmit={(event) => void submit(event)} noValidate aria-label="Edit OS profile">
        <Stack>
          {issues.general.length > 0 && (
            <Alert color="red" title="Not saved" role="alert">
              {issues.general.join(' ')}
            </Alert>
          )}
          <TextInput
            label="Description"
            name="description"
            value={description}
            error={issues.fields.description}
            onChange={(event) => setDescription(event.currentTarget.value)}
          />
          <TextInput
            label="Architecture"
            name="architecture"
            value={architecture}
            error={issues.fields.architecture}
            onChange={(event) => setArchitecture(event.currentTarget.value)}
          />
          <Textarea
            label="Metadata"
            name="metadata"
            description="A flat JSON map of strings."
            value={metadata}
            error={issues.fields.metadata}
            onChange={(event) => setMetadata(event.currentTarget.value)}
            autosize
            minRows={2}
          />
          <CertificateField
            name="tlsCaCert"
            label="New TLS certificate"
            description="Leave empty to keep the current one; paste or upload a new one to rotate it."
            value={tlsCaCert}
            error={issues.fields.tlsCaCert}
            onChange={setTlsCaCert}
          />
          <Group>
            <Button type="submit" loading={busy}>
              Save changes
            </Button>
            <Button variant="default" onClick={() => navigate(detail)}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
