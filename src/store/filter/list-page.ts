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
 * SQLite: a page wanted from the front of a large match set is read in the order's index. When
 * the matches number at least this many times `offset + pageSize`, reading in order finds the
 * page after about `(offset + pageSize) * rows / matches` rows, where fetching every match
 * through the filter's own index and sorting them reads all of them. SQLite's planner picks the
 * filter's index even then (10,000 matches fetched and sorted for a page of 20, with or without
 * ANALYZE), so the count, which runs first, decides.
 */
const READ_IN_ORDER_FACTOR = 50;

/**
 * One page of a project's rows matching `query.filter`, in `query.orderBy` order (default
 * `spec.defaultOrder`) with the tiebreaker last, and the total count of matches. Page and count
 * come from one snapshot, inside the caller's transaction when there is one. A field the column
 * map does not hold is InvalidArgument.
 *
 * - PostgreSQL: one statement (count, then the page joined laterally), so one round trip; its
 *   planner chooses between the order's index and the filter's from its statistics.
 * - SQLite: count, then page, in one transaction; when the first order term has an index
 *   (`orderIndexed`) and the page lies in the front of many matches (see
 *   {@link READ_IN_ORDER_FACTOR}), the page query hides the filter from index selection so that
 *   SQLite reads the order's index and stops after the page.
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
  const order = { tiebreaker: spec.tiebreaker, dialect };
  const scope = (trx: Kysely<Database>) =>
    // One table's columns by name; Kysely cannot type a query over a union of tables.
    (trx as unknown as Kysely<{ listed: { project: string } }>)
      .selectFrom(spec.table as 'listed')
      .where('project', '=', project);
  const matching = (trx: Kysely<Database>, hidden = false) =>
    filter
      ? scope(trx).where((eb) => {
          const test = compileFilter(eb, filter, spec.columns, dialect);
          return hidden ? hiddenFromIndexes(test) : test;
        })
      : scope(trx);
  const pageOf = (trx: Kysely<Database>, hidden = false) =>
    applyOrderBy(matching(trx, hidden).selectAll(), terms, spec.columns, order)
      .limit(query.pageSize)
      .offset(query.offset);
  const toItem = (row: unknown) => spec.fromRow(row as Selectable<Database[T]>);

  if (dialect === 'postgres') {
    // One statement: one snapshot and one round trip (a transaction costs four). The planner,
    // with its statistics, chooses between the order's index and the filter's.
    const db = context.db as unknown as Kysely<{ listed: { project: string } }>;
    const counted = matching(context.db).select((eb) => eb.fn.countAll<string>().as('list_total'));
    const joined = db
      .selectFrom(counted.as('c'))
      .leftJoinLateral(pageOf(context.db).as('p'), (join) => join.onTrue())
      .selectAll('p')
      .select('c.list_total');
    // The page's own order again: a join promises none (it sorts pageSize rows at most).
    const rows = await applyOrderBy(joined, terms, spec.columns, order).execute();
    const total = Number(rows[0]?.list_total ?? 0);
    const items = rows.filter((row) => (row as { resource_id?: unknown }).resource_id != null);
    return { items: items.map(toItem), total };
  }

  const read = async (trx: Kysely<Database>): Promise<Page<Item>> => {
    const count = await matching(trx)
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('total'))
      .executeTakeFirstOrThrow();
    const total = Number(count.total);
    const inOrder =
      filter !== undefined &&
      spec.columns[terms[0]!.field]?.orderIndexed === true &&
      total >= READ_IN_ORDER_FACTOR * (query.offset + query.pageSize);
    const rows = await pageOf(trx, inOrder).execute();
    return { items: rows.map(toItem), total };
  };
  if (context.db.isTransaction) return read(context.db);
  const { snapshotIsolation } = context.adapter;
  const transaction = snapshotIsolation
    ? context.db.transaction().setIsolationLevel(snapshotIsolation)
    : context.db.transaction();
  return transaction.execute(read);
}

/** The same test, in a form SQLite does not split into index conditions (unary `+`). */
function hiddenFromIndexes(test: Expression<SqlBool>): Expression<SqlBool> {
  return sql<SqlBool>`+(${test})`;
}
