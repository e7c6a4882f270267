import { parseFilter } from '../../core/filter/filter-parser.js';
import { parseOrderBy } from '../../core/filter/order-by-parser.js';
import { checkFilter } from '../../core/filter/filter-checker.js';
import { checkOrderBy } from '../../core/filter/order-by-checker.js';
import type { FilterFieldCatalog } from '../../core/filter/filter-field-catalog.js';
import type { ListQuery } from '../../store/store.js';

/** EMF's paging defaults. */
export const DEFAULT_PAGE_SIZE = 20;

/** The list parameters as the querystring schema has checked them (ranges, integers). */
export interface ListParams {
  readonly pageSize?: number;
  readonly offset?: number;
  readonly filter?: string;
  readonly orderBy?: string;
}

/**
 * Turns list parameters into a store query: the filter and orderBy are parsed and held to the
 * resource's catalogue in core (InvalidArgument with the position of the problem).
 */
export function toListQuery(params: ListParams, catalog: FilterFieldCatalog): ListQuery {
  const filterText = params.filter ?? '';
  const ast = parseFilter(filterText);
  const orderText = params.orderBy ?? '';
  const orderBy = orderText.trim() === '' ? [] : checkOrderBy(parseOrderBy(orderText), catalog, orderText);
  return {
    ...(ast ? { filter: checkFilter(ast, catalog, filterText) } : {}),
    ...(orderBy.length > 0 ? { orderBy } : {}),
    pageSize: params.pageSize ?? DEFAULT_PAGE_SIZE,
    offset: params.offset ?? 0,
  };
}
