import { OrchError } from '../errors/index.js';
import type { FilterFieldCatalog } from './filter-field-catalog.js';
import { filterSyntaxError } from './filter-syntax-error.js';

/**
 * The InvalidArgument error of the catalogue checks: with the caret excerpt when the original text
 * is at hand (see {@link filterSyntaxError}), else the same first line alone.
 */
export function filterRefusal(
  parameter: 'filter' | 'orderBy',
  text: string | undefined,
  position: number,
  reason: string,
  extra: Readonly<Record<string, unknown>>,
  cause?: unknown,
): OrchError {
  if (text !== undefined) {
    const error = filterSyntaxError(parameter, text, position, reason, extra);
    return cause === undefined
      ? error
      : new OrchError('InvalidArgument', error.message, { details: error.details ?? {}, cause });
  }
  return new OrchError('InvalidArgument', `invalid ${parameter} at position ${position}: ${reason}`, {
    details: { position, ...extra },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** `a, b, metadata.<key>`: the catalogue's fields as a client writes them, sorted. */
export function knownFieldList(catalog: FilterFieldCatalog, only?: (name: string) => boolean): string {
  return Object.entries(catalog)
    .filter(([name]) => only?.(name) ?? true)
    .map(([name, spec]) => (spec.type === 'map' ? `${name}.<key>` : name))
    .sort()
    .join(', ');
}
