import type { FilterFieldType } from '../../core/filter/filter-field-catalog.js';

/** Where one API field lives in a table. */
export interface FilterColumn {
  /** Column name, optionally qualified (`os_profile.name`); for `map` fields, the JSON text column. */
  readonly column: string;
  /**
   * How values compare: `string`, `enum` and `timestamp` (ISO-8601 UTC text) columns compare as
   * text by code point; `number` binds a number; `boolean` binds 1/0 on SQLite, true/false on
   * PostgreSQL; `map` is a JSON object of strings kept as text.
   */
  readonly type: FilterFieldType;
  /** The column may hold NULL: comparisons then stay two-valued (NULL matches `!=` and `NOT`). Default false. */
  readonly nullable?: boolean;
  /**
   * `string` columns only: a column holding the value reversed by code point (see
   * reversed-text.ts), indexed and compared by code point. A pattern with a literal suffix
   * (`name = "bench-*7"`) is then also compiled as a prefix range on it, so an index serves the
   * suffix; the pattern itself still decides.
   */
  readonly reversedColumn?: string;
  /**
   * An index leading with `(project, column)` serves ORDER BY on this column, so a page from the
   * front of many matches is best read in that order (see list-page.ts). Default false.
   */
  readonly orderIndexed?: boolean;
}

/** API field name (as in the filter catalogue) -> its column. */
export type FilterColumnMap = Readonly<Record<string, FilterColumn>>;
