import { describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MantineProvider, Table } from '@mantine/core';
import type { ListQuery } from '../api/api-types.js';
import { ApiError } from '../api/api-error.js';
import { ListPageFrame, type ListPageFrameProps } from './list-page-frame.js';
import { QuickFilter } from './quick-filter.js';
import { SortHeader } from './sort-header.js';
import { useListControls } from './use-list-controls.js';

interface ThingPage {
  readonly totalElements: number;
  readonly things: readonly string[];
}
interface ThingFilter {
  readonly text: string;
  readonly kind?: 'round' | 'square';
}
type ListState = ListPageFrameProps<ThingPage>['list'];

const loaded = (page: ThingPage): ListState => ({
  data: page,
  error: null,
  isError: false,
  isPending: false,
});

/** A list page over the shared frame; every query it would send is kept in `queries`. */
function ThingList({ list, queries }: { list: ListState; queries: ListQuery[] }) {
  const controls = useListControls<ThingFilter>({
    filter: { text: '' },
    sort: { field: 'name', desc: false },
    pageSize: 2,
    buildFilter: (f) => [f.text, f.kind && `kind = ${f.kind}`].filter(Boolean).join(' AND ') || undefined,
  });
  queries.push(controls.query);
  return (
    <ListPageFrame
      title="Things"
      actions={<button type="button">New thing</button>}
      filterLabel="Filter things"
      filterPlaceholder="name = x"
      quickFilters={
        <QuickFilter
          label="Kind"
          options={['round', 'square'] as const}
          value={controls.filter.kind}
          onChange={(kind) => controls.change({ kind })}
          w={120}
        />
      }
      controls={controls}
      list={list}
      shown={(data) => data.things.length}
      empty="No thing matches."
      loading="Loading things…"
    >
      {(data) => (
        <Table aria-label="Things">
          <Table.Thead>
            <Table.Tr>
              <SortHeader field="name" label="Name" sort={controls.sort} onSort={controls.onSort} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.things.map((thing) => (
              <Table.Tr key={thing}>
                <Table.Td>{thing}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </ListPageFrame>
  );
}

const show = (list: ListState) => {
  const queries: ListQuery[] = [];
  render(
    <MantineProvider>
      <ThingList list={list} queries={queries} />
    </MantineProvider>,
  );
  return { last: () => queries[queries.length - 1]! };
};

/** A second state of the page in the same test. */
const showAgain = (list: ListState) => (cleanup(), show(list));

describe('list page frame', () => {
  test('the typed filter is sent only on Apply, and a quick filter joins it; both go back to page 1', async () => {
    const { last } = show(loaded({ totalElements: 5, things: ['a', 'b'] }));
    expect(last()).toEqual({ pageSize: 2, offset: 0, orderBy: 'name' });
    fireEvent.click(screen.getByRole('button', { name: '2' }));
    expect(last().offset).toBe(2);
    const text = screen.getByRole('textbox', { name: 'Filter (AIP-160)' });
    fireEvent.change(text, { target: { value: 'name = a*' } });
    expect(last().filter).toBeUndefined();
    fireEvent.submit(screen.getByRole('search', { name: 'Filter things' }));
    expect(last()).toEqual({ pageSize: 2, offset: 0, orderBy: 'name', filter: 'name = a*' });
    fireEvent.click(screen.getByRole('button', { name: '3' }));
    fireEvent.click(screen.getByRole('textbox', { name: 'Kind' }));
    fireEvent.click(await screen.findByRole('option', { name: 'square', hidden: true }));
    expect(last()).toEqual({
      pageSize: 2,
      offset: 0,
      orderBy: 'name',
      filter: 'name = a* AND kind = square',
    });
    fireEvent.click(screen.getByRole('textbox', { name: 'Kind' }));
    fireEvent.click(await screen.findByRole('option', { name: 'any', hidden: true }));
    expect(last().filter).toBe('name = a*');
  });

  test('a click on the sorted column flips it, and the list goes back to page 1', () => {
    const { last } = show(loaded({ totalElements: 5, things: ['a', 'b'] }));
    fireEvent.click(screen.getByRole('button', { name: '2' }));
    const name = screen.getByRole('columnheader', { name: /Name/ });
    expect(name.getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(within(name).getByRole('button'));
    expect(last()).toEqual({ pageSize: 2, offset: 0, orderBy: 'name desc' });
    expect(name.getAttribute('aria-sort')).toBe('descending');
  });

  test('the count says which items show; pages appear only when one page cannot hold all', () => {
    show(loaded({ totalElements: 5, things: ['a', 'b'] }));
    expect(screen.getByText('1-2 of 5')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'next page' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '3' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: '4' })).toBeNull();
    showAgain(loaded({ totalElements: 2, things: ['a', 'b'] }));
    expect(screen.getByText('1-2 of 2')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'next page' })).toBeNull();
  });

  test('an empty list says nothing matches; loading says so; no table before data', () => {
    show(loaded({ totalElements: 0, things: [] }));
    expect(screen.getByText('No thing matches.')).toBeTruthy();
    expect(screen.queryByText('Loading things…')).toBeNull();
    showAgain({ data: undefined, error: null, isError: false, isPending: true });
    expect(screen.getByText('Loading things…')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  test("orchd's refusal is shown in its words, the caret line kept", () => {
    const refusal = new ApiError(400, {
      code: 'InvalidArgument',
      message: 'filter: unexpected "="\nname = = x\n       ^',
    });
    show({ data: undefined, error: refusal, isError: true, isPending: false });
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText('The list could not be loaded')).toBeTruthy();
    const pre = alert.querySelector('pre')!;
    expect(pre.textContent).toBe('filter: unexpected "="\nname = = x\n       ^');
    expect(screen.queryByText('Loading things…')).toBeNull();
    expect(screen.getByRole('button', { name: 'New thing' })).toBeTruthy();
  });
});
