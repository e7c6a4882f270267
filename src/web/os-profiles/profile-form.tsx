import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, List, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { ApiError, errorMessage } from '../api/api-error.js';
import { CertificateField } from '../shared/certificate-field.js';
import {
  checkCreate,
  EMPTY_PROFILE_FORM,
  formToBody,
  serverIssues,
  type FormIssues,
  type ProfileFormValues,
} from './profile-form-model.js';

const NO_ISSUES: FormIssues = { fields: {}, general: [] };

/** The create form: core's rules run on submit, then orchd's answer is shown on the same fields. */
export function ProfileForm(props: {
  readonly initial?: ProfileFormValues;
  /** Body fields the form has no box for (from a manifest), sent as given. */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** Sends the checked body; throws orchd's error. */
  readonly onSubmit: (body: Record<string, unknown>) => Promise<void>;
  readonly onCancel: () => void;
  /** The clock certificates are judged at (tests fix it). */
  readonly now?: () => Date;
}) {
  const [values, setValues] = useState<ProfileFormValues>(props.initial ?? EMPTY_PROFILE_FORM);
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof ProfileFormValues) => (value: string) =>
    setValues((current) => ({ ...current, [field]: value }));
  const text = (field: keyof ProfileFormValues) => ({
    name: field,
    value: values[field],
    error: issues.fields[field],
    onChange: (event: { currentTarget: { value: string } }) => set(field)(event.currentTarget.value),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { ...props.extra, ...formToBody(values) };
    const local = await checkCreate(body, props.now?.() ?? new Date());
    if (local) return setIssues(local);
    setIssues(NO_ISSUES);
    setBusy(true);
    try {
      await props.onSubmit(body);
    } catch (error) {
      const fromServer = error instanceof ApiError ? serverIssues(error.body.details) : undefined;
      setIssues(fromServer ?? { fields: {}, general: [errorMessage(error)] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label="OS profile">
      <Stack maw={960}>
        {issues.general.length > 0 && (
          <Alert color="red" title="The profile was not created" role="alert">
            <List size="sm">
              {issues.general.map((message) => (
                <List.Item key={message}>{message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {Object.keys(issues.fields).length > 0 && (
          <Alert color="red" title="Some fields need a change" role="alert">
            {Object.keys(issues.fields).length} field(s) below say what is wrong.
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Name" withAsterisk description="Unique in the project." {...text('name')} />
          <TextInput
            label="Profile name"
            withAsterisk
            description="The family, e.g. ubuntu-22.04-lts-generic."
            {...text('profileName')}
          />
          <TextInput
            label="Image URL"
            withAsterisk
            description="https:// URL of the image as hosted."
            {...text('imageUrl')}
          />
          <TextInput
            label="OS version"
            withAsterisk
            description="imageId, e.g. 22.04.5."
            {...text('imageId')}
          />
          <TextInput
            label="SHA-256"
            withAsterisk
            description="64 hex digits of the file as hosted."
            {...text('sha256')}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <TextInput label="Architecture" description="Default x86_64." {...text('architecture')} />
          <Select
            label="OS type"
            withAsterisk
            data={['MUTABLE', 'IMMUTABLE']}
            value={values.osType}
            onChange={(value) => set('osType')(value ?? '')}
            error={issues.fields.osType}
            allowDeselect={false}
            description="Ubuntu is MUTABLE, EMT IMMUTABLE."
          />
          <Select
            label="Security feature"
            data={['NONE', 'SB_FDE']}
            value={values.securityFeature}
            onChange={(value) => set('securityFeature')(value ?? '')}
            error={issues.fields.securityFeature}
            allowDeselect={false}
            description="SB_FDE: Secure Boot and full-disk encryption."
          />
          <Select
            label="Provider"
            data={['INFRA', 'LENOVO']}
            value={values.osProvider}
            onChange={(value) => set('osProvider')(value ?? '')}
            error={issues.fields.osProvider}
            allowDeselect={false}
          />
          <TextInput label="Description" {...text('description')} />
        </SimpleGrid>
        <CertificateField
          name="tlsCaCert"
          label="TLS certificate"
          description="The image server's certificate or its CA (PEM or base64): the only trust anchor for the download."
          value={values.tlsCaCert}
          error={issues.fields.tlsCaCert}
          onChange={set('tlsCaCert')}
        />
        <CertificateField
          name="secureBootCerts"
          label="Secure Boot certificates"
          description="Optional: the certificates the image's EFI binaries must chain to."
          value={values.secureBootCerts}
          error={issues.fields.secureBootCerts}
          onChange={set('secureBootCerts')}
        />
        <Textarea
          label="Metadata"
          description='A flat JSON map of strings, e.g. {"kernelversion": "6.8"}.'
          autosize
          minRows={2}
          {...text('metadata')}
        />
        <Group>
          <Button type="submit" loading={busy}>
            Create profile
          </Button>
          <Button variant="default" onClick={props.onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
