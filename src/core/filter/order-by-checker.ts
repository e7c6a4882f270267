import type { OrderByTerm } from './filter-ast.js';
import type { FilterFieldCatalog } from './filter-field-catalog.js';
import { toCamelCase } from './field-name-case.js';
import { filterRefusal, knownFieldList } from './filter-refusal.js';

/**
 * Holds parsed orderBy terms to a catalogue: each field must exist (in its catalogue spelling or
 * snake_case) and be orderable (map fields never are; others unless `orderable: false`). Returns
 * the terms with catalogue spellings; throws OrchError InvalidArgument
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
  const checked: OrderByTerm[] = [];
  for (const term of terms) {
    // EMF takes snake_case names too (`created_at`); the catalogue's spelling goes on.
    const field = Object.hasOwn(catalog, term.field) ? term.field : toCamelCase(term.field);
    if (orderable(field)) {
      if (checked.some((t) => t.field === field)) {
        throw filterRefusal('orderBy', orderByText, term.position ?? 0, `"${field}" is ordered on twice`, {
          field: term.field,
        });
      }
      checked.push({ ...term, field });
      continue;
    }
    const known = Object.hasOwn(catalog, field);
    const reason = known ? `cannot order by "${term.field}"` : `unknown field "${term.field}"`;
    throw filterRefusal(
      'orderBy',
      orderByText,
      term.position ?? 0,
      `${reason}; orderable fields: ${knownFieldList(catalog, orderable)}`,
      { field: term.field },
    );
  }
  return checked;
}
