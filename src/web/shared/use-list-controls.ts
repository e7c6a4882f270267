import { useState, type FormEvent } from 'react';
import type { ListQuery } from '../api/api-types.js';
import { buildOrderBy, nextSort, type ListSort } from './list-sort.js';

/** How a list page starts: its filter, sort and page size, and how the filter becomes orchd's. */
export interface ListControlsOptions<F extends { readonly text: string }> {
  readonly filter: F;
  readonly sort: ListSort;
  readonly pageSize: number;
  /** The `filter` parameter orchd gets (undefined: no filter). */
  readonly buildFilter: (filter: F) => string | undefined;
}

/** A list page's state: the typed filter, the applied filter, the sort, the page. */
export interface ListControls<F extends { readonly text: string }> {
  /** The AIP-160 text as typed, applied only on submit (orchd checks it then). */
  readonly draft: string;
  setDraft(text: string): void;
  /** Submits the typed text as the filter. */
  apply(event: FormEvent): void;
  readonly filter: F;
  /** Changes quick filters; any change goes back to page 1. */
  change(next: Partial<F>): void;
  readonly sort: ListSort;
  /** A column header click (back to page 1). */
  onSort(field: string): void;
  readonly page: number;
  setPage(page: number): void;
  readonly pageSize: number;
  /** The list call's query: page, filter and orderBy as orchd reads them. */
  readonly query: ListQuery;
}

/** Filter, sort and pages of a list that orchd filters, sorts and pages. */
export function useListControls<F extends { readonly text: string }>(
  options: ListControlsOptions<F>,
): ListControls<F> {
  const [draft, setDraft] = useState('');
  const [filter, setFilter] = useState<F>(options.filter);
  const [sort, setSort] = useState<ListSort>(options.sort);
  const [page, setPage] = useState(1);
  const built = options.buildFilter(filter);
  const change = (next: Partial<F>) => {
    setFilter((current) => ({ ...current, ...next }));
    setPage(1);
  };
  return {
    draft,
    setDraft,
    apply: (event) => {
      event.preventDefault();
      change({ text: draft } as Partial<F>);
    },
    filter,
    change,
    sort,
    onSort: (field) => {
      setSort((current) => nextSort(current, field));
      setPage(1);
    },
    page,
    setPage,
    pageSize: options.pageSize,
    query: {
      pageSize: options.pageSize,
      offset: (page - 1) * options.pageSize,
      ...(built ? { filter: built } : {}),
      orderBy: buildOrderBy(sort),
    },
  };
}
