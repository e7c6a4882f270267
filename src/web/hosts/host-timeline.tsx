import { Alert, Badge, Card, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { Provisioning, ProvisioningStep } from '../api/api-types.js';
import { formatBytes, formatDuration, formatRate, formatTime } from '../shared/format.js';

const STEP_COLOR: Record<string, string> = {
  succeeded: 'teal',
  running: 'blue',
  failed: 'red',
  pending: 'gray',
};

/** The bytes a step moved (once it ended) or is moving (the current step, with rate), as text. */
export function stepBytes(step: ProvisioningStep, p: Provisioning): string | undefined {
  if (p.step?.id === step.id && step.state === 'running' && p.bytesDone !== null) {
    const of = p.bytesTotal ? ` of ${formatBytes(p.bytesTotal)}` : '';
    const rate = p.rate ? ` at ${formatRate(p.rate)}` : '';
    return `${formatBytes(p.bytesDone)}${of}${rate}`;
  }
  return step.bytes !== null && step.bytes !== undefined ? formatBytes(step.bytes) : undefined;
}

/** One provisioning attempt step by step: time, duration, bytes, and the real error of a failure. */
export function HostTimeline({ provisioning }: { provisioning: Provisioning }) {
  const p = provisioning;
  return (
    <Card withBorder radius="md" p="md" component="section" aria-label="Provisioning timeline">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3}>Provisioning timeline</Title>
          <Text size="sm" c="dimmed">
            attempt {p.attempt} · {p.state}
            {p.reason ? ` · ${p.reason}` : ''}
            {p.imageValidation !== 'unknown' ? ` · image ${p.imageValidation}` : ''}
          </Text>
        </Group>
        {p.error && (
          <Alert color="red" title={`Provisioning failed: ${p.error.code}`} role="alert">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {p.error.message}
            </Text>
            <Text size="xs" c="dimmed" mt={4}>
              {p.error.step ? `at step ${p.error.step}; ` : ''}
              {p.error.retryable ? 'retryable: Reprovision tries again' : 'not retryable as is'}
            </Text>
          </Alert>
        )}
        {p.steps.length === 0 ? (
          <Text c="dimmed">No steps yet: the plan is made when the node asks for its workflow.</Text>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing={6} aria-label="Provisioning steps">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>Step</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>Started</Table.Th>
                  <Table.Th>Duration</Table.Th>
                  <Table.Th>Bytes</Table.Th>
                  <Table.Th>Detail</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {p.steps.map((step, index) => (
                  <Table.Tr key={step.id} data-step={step.id} data-state={step.state}>
                    <Table.Td>
                      {index + 1}/{p.steps.length}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{step.text}</Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {step.id}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Badge
                        color={STEP_COLOR[step.state] ?? 'gray'}
                        variant="light"
                        styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }}
                      >
                        {step.state}
                      </Badge>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(step.startedAt)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {step.durationMs !== null ? formatDuration(step.durationMs) : '-'}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{stepBytes(step, p) ?? '-'}</Table.Td>
                    <Table.Td>
                      {step.error ? (
                        <Stack gap={2}>
                          <Code color="red.1" c="red.9">
                            {step.error.code}
                          </Code>
                          <Text size="sm" c="red" style={{ whiteSpace: 'pre-wrap' }}>
                            {step.error.message}
                          </Text>
                        </Stack>
                      ) : (
                        <Text size="sm">{step.detail ?? ''}</Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}
