import type { ReactNode } from 'react';
import { Text } from '@mantine/core';

/** One field of a resource: its label small and dimmed over the value (`data-field` names it). */
export function LabelledValue({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" style={{ wordBreak: 'break-word' }} data-field={label}>
        {value}
      </Text>
    </div>
  );
}
