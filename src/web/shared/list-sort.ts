/** A column sort of a list page: orchd's orderBy field and direction. */
export interface ListSort {
  readonly field: string;
  readonly desc: boolean;
}

/** The `orderBy` parameter: `field` or `field desc`. */
export function buildOrderBy(sort: ListSort): string {
  return sort.desc ? `${sort.field} desc` : sort.field;
}

/** Clicking a column: a new column sorts ascending, the same column flips. */
export function nextSort(current: ListSort, field: string): ListSort {
  return current.field === field ? { field, desc: !current.desc } : { field, desc: false };
}
