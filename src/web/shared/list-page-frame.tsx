import type { ReactNode } from 'react';
import { Alert, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { errorMessage } from '../api/api-error.js';
import { ListPagination } from './list-pagination.js';
import type { ListControls } from './use-list-controls.js';

/** What a list page shows around its table. */
export interface ListPageFrameProps<T extends { readonly totalElements: number }> {
  readonly title: string;
  /** The buttons right of the title (create, register, import). */
  readonly actions: ReactNode;
  /** The filter form's accessible name, e.g. "Filter hosts". */
  readonly filterLabel: string;
  /** An example AIP-160 expression for the list's fields. */
  readonly filterPlaceholder: string;
  /** The quick filters after Apply (selects over `controls.change`). */
  readonly quickFilters: ReactNode;
  readonly controls: ListControls<{ readonly text: string }>;
  /** The list call's state (a TanStack query). */
  readonly list: {
    readonly data: T | undefined;
    readonly error: unknown;
    readonly isError: boolean;
    readonly isPending: boolean;
  };
  /** How many items the page shows (the count under the table). */
  readonly shown: (data: T) => number;
  /** The count line when nothing matches, e.g. "No host matches." */
  readonly empty: string;
  /** The line while the first page loads, e.g. "Loading hosts…". */
  readonly loading: string;
  /** Between the filters and the list, e.g. the live stream's state. */
  readonly notice?: ReactNode;
  /** The table of a loaded page. */
  readonly children: (data: T) => ReactNode;
}

/**
 * The frame of every list page: title and actions, the AIP-160 filter with its quick filters,
 * orchd's refusal in its own words (a filter error keeps its caret line, hence `pre`), the
 * table, the count and the pages.
 */
export function ListPageFrame<T extends { readonly totalElements: number }>(props: ListPageFrameProps<T>) {
  const { controls, list } = props;
  const total = list.data?.totalElements ?? 0;
  const { offset } = controls.query;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{props.title}</Title>
        {props.actions}
      </Group>
      <form onSubmit={controls.apply} role="search" aria-label={props.filterLabel}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label="Filter (AIP-160)"
            placeholder={props.filterPlaceholder}
            value={controls.draft}
            onChange={(event) => controls.setDraft(event.currentTarget.value)}
            style={{ flex: '1 1 280px' }}
          />
          <Button type="submit" variant="light">
            Apply
          </Button>
          {props.quickFilters}
        </Group>
      </form>
      {props.notice}
      {list.isError && (
        <Alert color="red" title="The list could not be loaded" role="alert">
          <Text component="pre" ff="monospace" fz="sm" style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {errorMessage(list.error)}
          </Text>
        </Alert>
      )}
      {list.data && (
        <>
          {props.children(list.data)}
          <Group justify="space-between">
            <Text size="sm" c="dimmed" aria-live="polite">
              {total === 0 ? props.empty : `${offset + 1}-${offset + props.shown(list.data)} of ${total}`}
            </Text>
            <ListPagination
              total={total}
              pageSize={controls.pageSize}
              page={controls.page}
              onPage={controls.setPage}
            />
          </Group>
        </>
      )}
      {list.isPending && <Text c="dimmed">{props.loading}</Text>}
    </Stack>
  );
}
