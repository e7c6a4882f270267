import type { OrderByTerm } from './filter-ast.js';
import type { FilterFieldCatalog } from './filter-field-catalog.js';
import { filterRefusal, knownFieldList } from './filter-refusal.js';

/**
 * Holds parsed orderBy terms to a catalogue: each field must exist and be orderable (map fields
 * never are; others unless `orderable: false`). Returns the terms; throws OrchError InvalidArgument
 * naming the field, its position and the orderable fields. Pass the text for the caret excerpt.
 */
export function checkOrderBy(
  terms: readonly OrderByTerm[],
  catalog: FilterFieldCatalog,
  orderByText?: string,
): readonly OrderByTerm[] {
  const orderable = (name: string): boolean => {
    const spec = Object.hasOwn(catalog, name) ? catalog[name] : undefined;
    return spec !== undefined && spec.type !== 'map' && spec.orderable !== false;
  };
  for (const term of terms) {
    if (orderable(term.field)) continue;
    const known = Object.hasOwn(catalog, term.field);
    const reason = known ? `cannot order by "${term.field}"` : `unknown field "${term.field}"`;
    throw filterRefusal(
      'orderBy',
      orderByText,
      term.position ?? 0,
      `${reason}; orderable fields: ${knownFieldList(catalog, orderable)}`,
      { field: term.field },
    );
  }
  return terms;
}
