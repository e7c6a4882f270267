import type { Kysely } from 'kysely';
import type { OsProfile } from '../../core/os-profile/os-profile-types.js';
import type { Database } from '../schema/database.js';
import type { ListQuery, Page } from '../store.js';
import type { StoreContext } from '../store-context.js';
import { compileFilter } from '../filter/compile-filter.js';
import { applyOrderBy } from '../filter/apply-order-by.js';
import { fromProfileRow } from './os-profile-row.js';
import { OS_PROFILE_COLUMNS, OS_PROFILE_DEFAULT_ORDER, OS_PROFILE_TIEBREAKER } from './os-profile-columns.js';

/**
 * One page of a project's profiles matching `query.filter`, in `query.orderBy` order (default
 * name asc) with the resource id as the final tiebreaker, and the total count of matches.
 * The filter must have been checked against the server's catalogue; a field this store does not
 * map is InvalidArgument. Page and count are read in one transaction so they agree.
 */
export async function listProfiles(
  context: StoreContext,
  project: string,
  query: ListQuery,
): Promise<Page<OsProfile>> {
  const { filter } = query;
  const dialect = context.adapter.name;
  const terms = query.orderBy && query.orderBy.length > 0 ? query.orderBy : OS_PROFILE_DEFAULT_ORDER;
  const { snapshotIsolation } = context.adapter;
  const read = async (trx: Kysely<Database>) => {
    let base = trx.selectFrom('os_profiles').where('project', '=', project);
    if (filter) base = base.where((eb) => compileFilter(eb, filter, OS_PROFILE_COLUMNS, dialect));
    const ordered = applyOrderBy(base.selectAll(), terms, OS_PROFILE_COLUMNS, {
      tiebreaker: OS_PROFILE_TIEBREAKER,
      dialect,
    });
    const rows = await ordered.limit(query.pageSize).offset(query.offset).execute();
    const count = await base
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('total'))
      .executeTakeFirstOrThrow();
    return { items: rows.map(fromProfileRow), total: Number(count.total) };
  };
  // Inside the caller's transaction, its snapshot serves.
  if (context.db.isTransaction) return read(context.db);
  const transaction = snapshotIsolation
    ? context.db.transaction().setIsolationLevel(snapshotIsolation)
    : context.db.transaction();
  return transaction.execute(read);
}
