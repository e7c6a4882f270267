/**
 * The `orderBy` parameter of list calls (https://google.aip.dev/132#ordering):
 * `field [asc|desc], field [asc|desc], ...`, ascending by default, direction words in any case.
 */
import type { OrderByTerm } from './filter-ast.js';
import { FILTER_LIMITS } from './filter-limits.js';
import { filterSyntaxError } from './filter-syntax-error.js';

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_][A-Za-z0-9_-]*)*$/;

/**
 * Parses an orderBy text into terms; `''` or blank gives `[]`. Throws OrchError InvalidArgument
 * with `details.position` for an empty term, a bad field name, an unknown direction, a field given
 * twice, or text beyond {@link FILTER_LIMITS} (length, number of terms).
 */
export function parseOrderBy(text: string): OrderByTerm[] {
  const fail = (position: number, reason: string): Error =>
    filterSyntaxError('orderBy', text, position, reason);
  if (text.length > FILTER_LIMITS.maxLength) {
    throw fail(
      FILTER_LIMITS.maxLength,
      `the orderBy is ${text.length} characters long; at most ${FILTER_LIMITS.maxLength} are allowed`,
    );
  }
  if (text.trim() === '') return [];
  const terms: OrderByTerm[] = [];
  let offset = 0;
  for (const chunk of text.split(',')) {
    const term = parseTerm(chunk, offset, fail);
    const earlier = terms.find((t) => t.field === term.field);
    if (earlier)
      throw fail(term.position, `"${term.field}" is already ordered on at position ${earlier.position}`);
    terms.push(term);
    if (terms.length > FILTER_LIMITS.maxOrderTerms) {
      throw fail(term.position, `too many orderBy terms: at most ${FILTER_LIMITS.maxOrderTerms} are allowed`);
    }
    offset += chunk.length + 1;
  }
  return terms;
}

type Fail = (position: number, reason: string) => Error;

/** One comma-separated term; `offset` is where `chunk` starts in the whole text. */
function parseTerm(chunk: string, offset: number, fail: Fail): OrderByTerm & { position: number } {
  const words = [...chunk.matchAll(/\S+/g)].map((m) => ({ text: m[0], position: offset + m.index }));
  const [field, direction, extra] = words;
  if (field === undefined) throw fail(offset + chunk.length, 'expected a field name (empty orderBy term)');
  if (!FIELD_PATH.test(field.text))
    throw fail(field.position, `invalid field name ${JSON.stringify(field.text)}`);
  if (extra !== undefined)
    throw fail(
      extra.position,
      `expected "," or the end after the direction, found ${JSON.stringify(extra.text)}`,
    );
  const lower = direction?.text.toLowerCase() ?? 'asc';
  if (direction !== undefined && lower !== 'asc' && lower !== 'desc') {
    throw fail(
      direction.position,
      `expected asc or desc after "${field.text}", found ${JSON.stringify(direction.text)}`,
    );
  }
  return { field: field.text, direction: lower as 'asc' | 'desc', position: field.position };
}
