import { OrchError } from '../../core/errors/index.js';
import type { OsProfile } from '../../core/os-profile/os-profile-types.js';
import type { ListQuery, Page } from '../store.js';
import type { StoreContext } from '../store-context.js';
import { fromProfileRow } from './os-profile-row.js';

/**
 * One page of a project's profiles and the total matching count, ordered by name with the
 * resource id as tiebreaker (so paging is stable).
 */
export async function listProfiles(
  context: StoreContext,
  project: string,
  query: ListQuery,
): Promise<Page<OsProfile>> {
  if (query.filter !== undefined || (query.orderBy?.length ?? 0) > 0) {
    throw new OrchError('InvalidArgument', 'filter and orderBy are not available in this build');
  }
  const base = context.db.selectFrom('os_profiles').where('project', '=', project);
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('name')
      .orderBy('resource_id')
      .limit(query.pageSize)
      .offset(query.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number | string | bigint>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(fromProfileRow), total: Number(count.total) };
}
