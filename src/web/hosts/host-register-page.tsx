import { useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../api/api-error.js';
import { paths, useRouter } from '../app/router.js';
import { useSession } from '../auth/session-context.js';
import { shortEnum } from '../shared/format.js';
import { RouteLink } from '../shared/route-link.js';
import {
  EMPTY_REGISTER_FORM,
  registerIssues,
  runRegistration,
  type RegisterFormValues,
  type RegisterIssues,
  type RegisterOutcome,
} from './host-register-model.js';

const STEP_WORDS: Record<string, string> = {
  register: 'The host was not registered',
  instance: 'The host was registered, but its instance (the OS profile it runs) was not created',
  site: 'The host and its instance were created, but its site and metadata were not set',
};

/** Registers a host and creates its instance as orch-cli's `create host` does. */
export function HostRegisterPage({ project }: { project: string }) {
  const { client } = useSession();
  const { navigate } = useRouter();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<RegisterFormValues>(EMPTY_REGISTER_FORM);
  const [issues, setIssues] = useState<RegisterIssues>({});
  const [failure, setFailure] = useState<Extract<RegisterOutcome, { ok: false }> | undefined>();
  const [busy, setBusy] = useState(false);
  const profiles = useQuery({
    queryKey: ['profiles', project, 'all'],
    queryFn: () => client.listProfiles(project, { pageSize: 100, offset: 0, orderBy: 'name' }),
  });
  const sites = useQuery({ queryKey: ['sites', project], queryFn: () => client.listSites(project) });
  const set = <K extends keyof RegisterFormValues>(field: K, value: RegisterFormValues[K]) =>
    setValues((current) => ({ ...current, [field]: value }));
  const text = (field: 'name' | 'serialNumber' | 'uuid' | 'userLvmSize') => ({
    name: field,
    value: values[field],
    error: issues[field],
    onChange: (event: { currentTarget: { value: string } }) => set(field, event.currentTarget.value),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = registerIssues(values);
    setIssues(local);
    setFailure(undefined);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    const outcome = await runRegistration(values, {
      register: (body) => client.registerHost(project, body),
      findHosts: async (filter) =>
        (await client.listHosts(project, { pageSize: 2, offset: 0, filter })).hosts,
      createInstance: (body) => client.createInstance(project, body),
      place: (hostId, change) => client.patchHost(project, hostId, change, Object.keys(change).join(',')),
    });
    setBusy(false);
    await queryClient.invalidateQueries({ queryKey: ['hosts', project] });
    if (outcome.ok) navigate(paths.host(project, outcome.hostId));
    else setFailure(outcome);
  };

  const profileData = (profiles.data?.OperatingSystemResources ?? []).map((p) => ({
    value: p.resourceId,
    label: `${p.name} (${shortEnum(p.securityFeature)}${p.source === 'custom' ? `, ${p.validation.state}` : ''})`,
  }));
  const siteData = [
    { value: '', label: 'none' },
    ...(sites.data?.sites ?? []).map((s) => ({ value: s.resourceId, label: `${s.name} (${s.resourceId})` })),
  ];

  return (
    <Stack>
      <RouteLink to={paths.hosts(project)}>← Hosts</RouteLink>
      <Title order={2}>Register a host</Title>
      <form onSubmit={(event) => void submit(event)} noValidate aria-label="Register host">
        <Stack maw={960}>
          {failure && (
            <Alert color="red" title={STEP_WORDS[failure.step]} role="alert">
              <Text size="sm">{errorMessage(failure.error)}</Text>
              {failure.hostId && (
                <RouteLink to={paths.host(project, failure.hostId)} size="sm">
                  Open host {failure.hostId}
                </RouteLink>
              )}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" description="At most 20 characters." {...text('name')} />
            <TextInput
              label="Serial number"
              description="5 to 20 letters or digits; a serial number or a UUID is needed."
              {...text('serialNumber')}
            />
            <TextInput
              label="UUID"
              description="The SMBIOS system UUID (8-4-4-4-12 hex digits)."
              {...text('uuid')}
            />
            <Select
              label="OS profile"
              withAsterisk
              searchable
              data={profileData}
              value={values.osProfile || null}
              onChange={(value) => set('osProfile', value ?? '')}
              error={issues.osProfile ?? (profiles.isError ? errorMessage(profiles.error) : undefined)}
              placeholder={profiles.isPending ? 'Loading profiles…' : 'Choose a profile'}
            />
            <Select
              label="Site"
              data={siteData}
              value={values.site}
              onChange={(value) => set('site', value ?? '')}
              allowDeselect={false}
              error={sites.isError ? errorMessage(sites.error) : undefined}
            />
            <TextInput
              label="LVM size (GiB)"
              description="A logical volume partition for the host's own use; empty for none."
              inputMode="numeric"
              {...text('userLvmSize')}
            />
            <TextInput
              label="Metadata"
              description="EMF's form: key=value&key2=value2."
              value={values.metadata}
              error={issues.metadata}
              onChange={(event) => set('metadata', event.currentTarget.value)}
            />
          </SimpleGrid>
          <Group>
            <Checkbox
              label="Secure (Secure Boot and full disk encryption; needs an SB_FDE profile)"
              checked={values.secure}
              onChange={(event) => set('secure', event.currentTarget.checked)}
            />
            <Checkbox
              label="Onboard automatically (else the host waits for Approve)"
              checked={values.autoOnboard}
              onChange={(event) => set('autoOnboard', event.currentTarget.checked)}
            />
          </Group>
          <Textarea
            label="SSH public key"
            description="An OpenSSH public key for the host's user."
            autosize
            minRows={2}
            ff="monospace"
            value={values.sshKey}
            onChange={(event) => set('sshKey', event.currentTarget.value)}
          />
          <Textarea
            label="Cloud-init"
            description="A #cloud-config merged into the host's user-data."
            autosize
            minRows={3}
            ff="monospace"
            value={values.cloudInit}
            onChange={(event) => set('cloudInit', event.currentTarget.value)}
          />
          <Group>
            <Button type="submit" loading={busy}>
              Register
            </Button>
            <Button variant="default" onClick={() => navigate(paths.hosts(project))}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
