import { OrchError } from '../errors/index.js';

/** Characters shown on each side of the error position in the caret excerpt. */
const EXCERPT_RADIUS = 30;

/**
 * Builds the InvalidArgument error for a malformed or refused `filter` / `orderBy`:
 * `invalid filter at position 14: expected a value after "="`, followed by an excerpt of the text
 * with a caret under the 0-based position, so an operator sees where it went wrong without
 * counting. Positions are JavaScript string indexes (UTF-16 code units). `details` carries `position`, the text under its parameter name, and any extra facts.
 */
export function filterSyntaxError(
  parameter: 'filter' | 'orderBy',
  text: string,
  position: number,
  reason: string,
  extra: Readonly<Record<string, unknown>> = {},
): OrchError {
  const message = `invalid ${parameter} at position ${position}: ${reason}\n${caretExcerpt(text, position)}`;
  return new OrchError('InvalidArgument', message, { details: { position, [parameter]: text, ...extra } });
}

/** Two lines: the text around `position` (control characters shown as spaces) and a caret under it. */
export function caretExcerpt(text: string, position: number): string {
  const start = Math.max(0, position - EXCERPT_RADIUS);
  const end = Math.min(text.length, position + EXCERPT_RADIUS);
  const prefix = start > 0 ? '...' : '';
  const suffix = end < text.length ? '...' : '';
  // eslint-disable-next-line no-control-regex -- keep the caret aligned under tabs and newlines
  const window = text.slice(start, end).replace(/[\u0000-\u001f\u007f]/g, ' ');
  return `  ${prefix}${window}${suffix}\n  ${' '.repeat(prefix.length + position - start)}^`;
}
