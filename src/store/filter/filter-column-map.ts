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
}

/** API field name (as in the filter catalogue) -> its column. */
export type FilterColumnMap = Readonly<Record<string, FilterColumn>>;
