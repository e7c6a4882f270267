import { Group, Progress, Stack, Text } from '@mantine/core';
import { formatBytes, formatRate } from '../shared/format.js';
import type { LiveProvisioning } from './host-live.js';

/** The numbers a progress bar shows, worked out from a provisioning view (pure, tested). */
export interface ProgressFigures {
  /** 0-100: finished steps plus the current step's byte fraction, over N. */
  readonly percent: number;
  /** `step 3/8` while a step runs; undefined otherwise. */
  readonly stepText: string | undefined;
  /** `1.2 GiB of 2.0 GiB at 85.0 MiB/s` while bytes move; undefined otherwise. */
  readonly bytesText: string | undefined;
  readonly color: 'red' | 'teal' | 'blue' | 'gray';
  readonly animated: boolean;
}

/** Figures of a host's provisioning: how far, which step of how many, bytes and rate. */
export function progressFigures(live: LiveProvisioning | undefined): ProgressFigures {
  const p = live?.provisioning;
  if (!p) return { percent: 0, stepText: undefined, bytesText: undefined, color: 'gray', animated: false };
  const count = p.steps.length || p.step?.count || 0;
  const done = p.steps.filter((s) => s.state === 'succeeded').length;
  const fraction =
    p.step && p.bytesTotal && p.bytesTotal > 0 && p.bytesDone !== null
      ? Math.min(1, p.bytesDone / p.bytesTotal)
      : 0;
  const percent =
    p.state === 'succeeded' ? 100 : count > 0 ? Math.min(100, (100 * (done + fraction)) / count) : 0;
  const running = p.state === 'running' || p.state === 'ready';
  const bytesText =
    running && p.bytesDone !== null && p.bytesDone > 0
      ? `${formatBytes(p.bytesDone)}${p.bytesTotal ? ` of ${formatBytes(p.bytesTotal)}` : ''}${
          p.rate ? ` at ${formatRate(p.rate)}` : ''
        }`
      : undefined;
  return {
    percent,
    stepText: p.step ? `step ${p.step.index}/${p.step.count}` : undefined,
    bytesText,
    color: p.state === 'failed' ? 'red' : p.state === 'succeeded' ? 'teal' : running ? 'blue' : 'gray',
    animated: running,
  };
}

/** A host's provisioning in a line: bar, step k/N, bytes and rate, EMF's status words. */
export function HostProgress({ live, label }: { live: LiveProvisioning | undefined; label: string }) {
  const figures = progressFigures(live);
  const words = live?.provisioningStatus || 'Not Provisioned';
  return (
    <Stack gap={2} miw={220} data-provisioning={live?.provisioning?.state ?? 'none'}>
      <Progress.Root>
        <Progress.Section
          value={figures.percent}
          color={figures.color}
          animated={figures.animated}
          striped={figures.animated}
          withAria={false}
          role="progressbar"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(figures.percent)}
          aria-valuetext={`${Math.round(figures.percent)}%${figures.stepText ? `, ${figures.stepText}` : ''}`}
        />
      </Progress.Root>
      <Group gap="xs" wrap="nowrap">
        {figures.stepText && (
          <Text size="xs" fw={600} style={{ whiteSpace: 'nowrap' }}>
            {figures.stepText}
          </Text>
        )}
        {figures.bytesText && (
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {figures.bytesText}
          </Text>
        )}
      </Group>
      <Text size="xs" c={figures.color === 'red' ? 'red' : undefined} lineClamp={2} title={words}>
        {words}
      </Text>
    </Stack>
  );
}
