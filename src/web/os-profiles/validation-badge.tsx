import { Badge } from '@mantine/core';
import type { CheckStatus, ValidationState } from '../../core/validation/validation-states.js';

/** One colour per state of orchd's API: a state added there is a type error here until coloured. */
const COLORS: Readonly<Record<string, string>> = {
  pending: 'gray',
  running: 'blue',
  passed: 'green',
  warned: 'yellow',
  failed: 'red',
  pass: 'green',
  warn: 'yellow',
  fail: 'red',
  skip: 'gray',
} satisfies Record<ValidationState | CheckStatus, string>;

/** Never cut the word short in a narrow column. */
const BADGE_STYLES = {
  root: { minWidth: 'max-content', flexShrink: 0 },
  label: { overflow: 'visible', textOverflow: 'clip' },
} as const;

/** A validation state or check status as a coloured word (the word itself carries the meaning). */
export function StateBadge({ state }: { state: string }) {
  return (
    <Badge color={COLORS[state] ?? 'gray'} variant="light" radius="sm" styles={BADGE_STYLES}>
      {state}
    </Badge>
  );
}
