import { Table, Text, UnstyledButton } from '@mantine/core';
import type { ListSort } from './list-sort.js';

export interface SortHeaderProps {
  /** orchd's orderBy name of the column. */
  readonly field: string;
  readonly label: string;
  readonly sort: ListSort;
  readonly onSort: (field: string) => void;
}

/** A column header that sorts on click; aria-sort says how the list is sorted now. */
export function SortHeader({ field, label, sort, onSort }: SortHeaderProps) {
  const active = sort.field === field;
  return (
    <Table.Th aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton onClick={() => onSort(field)} fw={600} fz="sm">
        {label}
        <Text span c="dimmed" aria-hidden>
          {active ? (sort.desc ? ' ▼' : ' ▲') : ''}
        </Text>
      </UnstyledButton>
    </Table.Th>
  );
}
