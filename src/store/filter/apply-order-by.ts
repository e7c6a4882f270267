import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { OrchError } from '../../core/errors/index.js';
import type { OrderByTerm } from '../../core/filter/filter-ast.js';
import type { Store } from '../store.js';
import type { FilterColumn, FilterColumnMap } from './filter-column-map.js';

/** How {@link applyOrderBy} finishes the order. */
export interface OrderByOptions {
  /**
   * A unique column appended last (ascending) so that rows equal on every requested term still
   * come in one fixed order, and offset pagination neither repeats nor skips rows.
   * Omitted when a requested term already orders on it.
   */
  readonly tiebreaker: Pick<FilterColumn, 'column' | 'type'>;
  readonly dialect: Store['dialect'];
}

const TEXT_TYPES = new Set(['string', 'enum', 'timestamp']);

/**
 * Adds ORDER BY for `terms` (checked with `checkOrderBy`), then the tiebreaker. Both dialects give
 * the same order: text sorts by code point (`COLLATE "C"` on PostgreSQL, SQLite's BINARY), and
 * NULLs sort last ascending and first descending (PostgreSQL's default, spelled out for SQLite).
 * Throws OrchError InvalidArgument for a field missing from `columns` or a map field.
 */
export function applyOrderBy<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  terms: readonly OrderByTerm[],
  columns: FilterColumnMap,
  options: OrderByOptions,
): SelectQueryBuilder<DB, TB, O> {
  let ordered = query;
  for (const term of terms) {
    const column = Object.hasOwn(columns, term.field) ? columns[term.field] : undefined;
    if (!column || column.type === 'map') {
      const position = term.position ?? 0;
      throw new OrchError(
        'InvalidArgument',
        `invalid orderBy at position ${position}: cannot order by "${term.field}"`,
        {
          details: { position, field: term.field },
        },
      );
    }
    ordered = ordered.orderBy(orderSql(column, term.direction, options.dialect));
  }
  const { tiebreaker } = options;
  if (!terms.some((term) => columns[term.field]?.column === tiebreaker.column)) {
    ordered = ordered.orderBy(orderSql(tiebreaker, 'asc', options.dialect));
  }
  return ordered;
}

function orderSql(
  column: Pick<FilterColumn, 'column' | 'type' | 'nullable'>,
  direction: 'asc' | 'desc',
  dialect: Store['dialect'],
): RawBuilder<unknown> {
  const ref = sql.ref(column.column);
  const target = dialect === 'postgres' && TEXT_TYPES.has(column.type) ? sql`${ref} collate "C"` : ref;
  const nulls = column.nullable ? sql.raw(direction === 'asc' ? ' nulls last' : ' nulls first') : sql.raw('');
  return sql`${target} ${sql.raw(direction)}${nulls}`;
}
