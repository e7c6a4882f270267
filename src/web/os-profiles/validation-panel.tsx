import { useState } from 'react';
import { Alert, Button, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { errorMessage } from '../api/api-error.js';
import type { ValidationProgress } from '../api/api-types.js';
import { useSession } from '../auth/session-context.js';
import { formatBytes, formatRate, formatTime } from '../shared/format.js';
import { isVerdict, useValidationStream } from './use-validation-stream.js';
import { CheckTable, ImageFactsView } from './validation-report.js';
import { StateBadge } from './validation-badge.js';

/** One progress line: the stage being run, bytes of total, rate. */
export function progressText(progress: ValidationProgress): string {
  const bytes =
    progress.total !== undefined
      ? `${formatBytes(progress.bytesDownloaded)} of ${formatBytes(progress.total)}`
      : formatBytes(progress.bytesDownloaded);
  const rate = progress.rate > 0 ? ` at ${formatRate(progress.rate)}` : '';
  return `${progress.stage}: ${bytes}${rate}`;
}

/** The profile's validation, followed live: Validate button, progress, report, image facts. */
export function ValidationPanel({ project, resourceId }: { project: string; resourceId: string }) {
  const { client } = useSession();
  const [generation, setGeneration] = useState(0);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | undefined>();
  const { validation, progress, stream, ended } = useValidationStream(project, resourceId, generation);
  // A profile without a job reads `pending` too, yet nothing runs: its Validate button is enabled.
  const running =
    validation?.jobId != null && (validation.state === 'pending' || validation.state === 'running');
  const percent =
    progress?.total && progress.total > 0
      ? Math.min(100, (100 * progress.bytesDownloaded) / progress.total)
      : undefined;

  const start = async () => {
    setStarting(true);
    setStartError(undefined);
    try {
      await client.startValidation(project, resourceId);
      setGeneration((g) => g + 1);
    } catch (error) {
      setStartError(errorMessage(error));
    } finally {
      setStarting(false);
    }
  };

  return (
    <Card withBorder radius="md" p="md" aria-label="Image validation" component="section">
      <Stack>
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={3}>Image validation</Title>
            {validation && <StateBadge state={validation.state} />}
          </Group>
          <Button onClick={() => void start()} loading={starting} disabled={running}>
            {validation && isVerdict(validation.state) ? 'Validate again' : 'Validate'}
          </Button>
        </Group>
        {startError && (
          <Alert color="red" title="Validation not started" role="alert">
            {startError}
          </Alert>
        )}
        {stream.kind === 'reconnecting' && (
          <Alert color="yellow" title="Connection to orchd lost" role="alert">
            {stream.error.message} Reconnecting (attempt {stream.attempt})… the page catches up when orchd
            answers again.
          </Alert>
        )}
        {stream.kind === 'refused' && (
          <Alert color="red" title="Live validation unavailable" role="alert">
            {stream.error.message}
          </Alert>
        )}
        {ended && (
          <Alert color="red" title="Stream ended" role="alert">
            {ended}
          </Alert>
        )}
        {validation?.jobId === null && !running && (
          <Text c="dimmed">This profile&apos;s image has never been validated.</Text>
        )}
        {running && (
          <Stack gap={4} aria-live="polite">
            <Text size="sm">
              {progress ? progressText(progress) : `${validation.state}: waiting for a runner`}
            </Text>
            <Progress
              value={percent ?? 100}
              animated={percent === undefined || percent < 100}
              striped={percent === undefined}
              aria-label="Validation progress"
            />
          </Stack>
        )}
        {validation?.error && (
          <Alert color="red" title={`The run stopped: ${validation.error.code}`} role="alert">
            {validation.error.message}
          </Alert>
        )}
        {validation && validation.jobId !== null && (
          <Text size="xs" c="dimmed">
            Job {validation.jobId}, attempt {validation.attempts}; started {formatTime(validation.startedAt)},
            finished {formatTime(validation.finishedAt)}
          </Text>
        )}
        {validation?.report && <CheckTable report={validation.report} />}
        {validation?.facts && <ImageFactsView facts={validation.facts} />}
      </Stack>
    </Card>
  );
}
