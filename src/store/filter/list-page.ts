import { sql, type Expression, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { OrderByTerm } from '../../core/filter/filter-ast.js';
import type { Database } from '../schema/database.js';
import type { ListQuery, Page } from '../store.js';
import type { StoreContext } from '../store-context.js';
import { compileFilter } from './compile-filter.js';
import { applyOrderBy } from './apply-order-by.js';
import type { FilterColumn, FilterColumnMap } from './filter-column-map.js';

/** The tables that are listed page by page, each row scoped by `project`. */
type ListedTable = 'os_profiles' | 'hosts' | 'instances';

/** What {@link listPage} needs to know of one resource's table. */
export interface ListSpec<T extends ListedTable, Item> {
  readonly table: T;
  /** API field -> column, for the filter and orderBy (checked against the server's catalogue first). */
  readonly columns: FilterColumnMap;
  /** The order when the request names none. */
  readonly defaultOrder: readonly OrderByTerm[];
  /** The unique last order term, so offset paging neither repeats nor skips rows. */
  readonly tiebreaker: Pick<FilterColumn, 'column' | 'type'>;
  readonly fromRow: (row: Selectable<Database[T]>) => Item;
}

/**
 * A page wanted from the front of a large match set is read in the order's index: when the
 * matches number at least this many times `offset + pageSize`, reading in order finds the page
 * after about `(offset + pageSize) * rows / matches` rows, where fetching every match through
 * the filter's own index and sorting them reads all of them. Planners without statistics (SQLite
 * by default, PostgreSQL before its first ANALYZE) pick the filter's index even then: 10,000
 * matches fetched and sorted for a page of 20.
 */
const READ_IN_ORDER_FACTOR = 50;

/**
 * One page of a project's rows matching `query.filter`, in `query.orderBy` order (default
 * `spec.defaultOrder`) with the tiebreaker last, and the total count of matches. The count and
 * the page are read in one transaction (snapshot isolation where the engine has it) so they agree;
 * inside the caller's transaction, its snapshot serves. A field the column map does not hold is
 * InvalidArgument.
 *
 * The count runs first; when the first order term has an index (`orderIndexed`) and the page lies
 * in the front of many matches (see {@link READ_IN_ORDER_FACTOR}), the page query hides the filter
 * from index selection so that the database reads the order's index and stops after the page.
 */
export async function listPage<T extends ListedTable, Item>(
  context: StoreContext,
  spec: ListSpec<T, Item>,
  project: string,
  query: ListQuery,
): Promise<Page<Item>> {
  const dialect = context.adapter.name;
  const terms = query.orderBy && query.orderBy.length > 0 ? query.orderBy : spec.defaultOrder;
  const { filter } = query;
  const read = async (trx: Kysely<Database>): Promise<Page<Item>> => {
    // One table's columns by name; Kysely cannot type a query over a union of tables.
    const db = trx as unknown as Kysely<{ listed: { project: string } }>;
    const scoped = db.selectFrom(spec.table as 'listed').where('project', '=', project);
    const count = await (
      filter ? scoped.where((eb) => compileFilter(eb, filter, spec.columns, dialect)) : scoped
    )
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('total'))
      .executeTakeFirstOrThrow();
    const total = Number(count.total);
    const inOrder =
      filter !== undefined &&
      spec.columns[terms[0]!.field]?.orderIndexed === true &&
      total >= READ_IN_ORDER_FACTOR * (query.offset + query.pageSize);
    const filtered = !filter
      ? scoped
      : inOrder
        ? scoped.where((eb) => hiddenFromIndexes(compileFilter(eb, filter, spec.columns, dialect), dialect))
        : scoped.where((eb) => compileFilter(eb, filter, spec.columns, dialect));
    const ordered = applyOrderBy(filtered.selectAll(), terms, spec.columns, {
      tiebreaker: spec.tiebreaker,
      dialect,
    });
    const rows = await ordered.limit(query.pageSize).offset(query.offset).execute();
    return { items: rows.map((row) => spec.fromRow(row as unknown as Selectable<Database[T]>)), total };
  };
  if (context.db.isTransaction) return read(context.db);
  const { snapshotIsolation } = context.adapter;
  const transaction = snapshotIsolation
    ? context.db.transaction().setIsolationLevel(snapshotIsolation)
    : context.db.transaction();
  return transaction.execute(read);
}

/**
 * The same test, in a form neither planner splits into index conditions: SQLite's unary `+` and
 * PostgreSQL's `IS TRUE` are opaque to index selection (and equal to the test for a two-valued
 * filter, which compileFilter's always is).
 */
function hiddenFromIndexes(
  test: Expression<SqlBool>,
  dialect: StoreContext['adapter']['name'],
): Expression<SqlBool> {
  return dialect === 'sqlite' ? sql<SqlBool>`+(${test})` : sql<SqlBool>`(${test}) is true`;
}
