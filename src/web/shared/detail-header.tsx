import type { ReactNode } from 'react';
import { Group, Stack, Title } from '@mantine/core';

export interface DetailHeaderProps {
  readonly title: string;
  /** Status badges under the title. */
  readonly status?: ReactNode;
  /** The resource's buttons (edit, approve, delete). */
  readonly actions: ReactNode;
}

/** A detail page's title, its status under it and its actions on the right. */
export function DetailHeader({ title, status, actions }: DetailHeaderProps) {
  return (
    <Group justify="space-between" align="flex-start">
      {status ? (
        <Stack gap={4}>
          <Title order={2}>{title}</Title>
          <Group gap="xs">{status}</Group>
        </Stack>
      ) : (
        <Title order={2}>{title}</Title>
      )}
      <Group gap="xs">{actions}</Group>
    </Group>
  );
}
