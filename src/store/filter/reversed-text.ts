/**
 * Text reversed by code point, and the range of texts that start with a prefix. A column holding
 * a value reversed (`name_reversed`) turns a suffix match on the value into a prefix match on
 * the column, which an ordinary B-tree index serves: `name = "bench-*7"` also reads
 * `name_reversed` between `"7"` and `"8"`. Both stores compare such columns by code point
 * (SQLite's BINARY collation, `COLLATE "C"` on PostgreSQL), which is UTF-8 byte order.
 */

/** `text` with its code points in reverse order (a surrogate pair stays one character). */
export function reverseCodePoints(text: string): string {
  return Array.from(text).reverse().join('');
}

/**
 * The half-open range `[low, high)` of every text that starts with `prefix`, by code point;
 * `high` is undefined when no finite bound exists (the prefix is all U+10FFFF). The prefix must
 * not be empty.
 */
export function prefixRange(prefix: string): { readonly low: string; readonly high: string | undefined } {
  const points = Array.from(prefix, (char) => char.codePointAt(0)!);
  while (points.length > 0) {
    const last = points.pop()!;
    if (last < 0x10ffff) {
      // The next code point that is a character on its own (lone surrogates are not).
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return { low: prefix, high: String.fromCodePoint(...points, next) };
    }
  }
  return { low: prefix, high: undefined };
}
