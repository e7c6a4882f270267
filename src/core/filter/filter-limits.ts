/**
 * Bounds on what a client may send as `filter` or `orderBy`. A list request is cheap for the
 * caller and costs us a parse, a SQL compile and a query plan, so the grammar's recursion and the
 * size of the generated WHERE clause are capped before any of that happens.
 */
export const FILTER_LIMITS = Object.freeze({
  /** Characters of filter or orderBy text. */
  maxLength: 2000,
  /** Nesting of parentheses and negations. */
  maxDepth: 16,
  /** Restrictions (`field op value`) in one filter. */
  maxTerms: 64,
  /** Terms of one orderBy. */
  maxOrderTerms: 8,
});
