import { Button, FileButton, Group, Stack, Textarea } from '@mantine/core';

/** A certificate field: paste PEM or base64 text, or load it from a file (.pem, .crt, .cer). */
export function CertificateField(props: {
  readonly label: string;
  readonly description: string;
  readonly value: string;
  readonly error: string | undefined;
  readonly onChange: (value: string) => void;
  readonly name: string;
}) {
  const load = async (file: File | null) => {
    if (file) props.onChange(await file.text());
  };
  return (
    <Stack gap={4}>
      <Textarea
        label={props.label}
        description={props.description}
        name={props.name}
        value={props.value}
        error={props.error}
        onChange={(event) => props.onChange(event.currentTarget.value)}
        autosize
        minRows={3}
        maxRows={10}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
        placeholder="-----BEGIN CERTIFICATE-----"
      />
      <Group gap="xs">
        <FileButton onChange={(file) => void load(file)} accept=".pem,.crt,.cer,.txt,application/x-pem-file">
          {(button) => (
            <Button {...button} size="xs" variant="default">
              Upload {props.label.toLowerCase()} file
            </Button>
          )}
        </FileButton>
        {props.value && (
          <Button size="xs" variant="subtle" onClick={() => props.onChange('')}>
            Clear
          </Button>
        )}
      </Group>
    </Stack>
  );
}
