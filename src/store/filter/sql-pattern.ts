/**
 * Turns the literal pieces between `*` wildcards into a pattern for one dialect. Every character
 * that is special to the pattern language is escaped, so data such as `50%_off` or `[draft]`
 * only ever matches itself.
 *
 * SQLite uses GLOB because its LIKE ignores ASCII case (https://sqlite.org/lang_expr.html#like);
 * GLOB is case-sensitive and has no escape character, so `*`, `?` and `[` become one-character
 * classes (`[*]`, `[?]`, `[[]`). PostgreSQL's LIKE is case-sensitive; `%`, `_` and the escape
 * character itself are escaped with a backslash (used with `ESCAPE '\'`).
 */
export function globPattern(parts: readonly string[]): string {
  return parts.map((part) => part.replace(/[*?[]/g, (char) => `[${char}]`)).join('*');
}

/** See {@link globPattern}: the PostgreSQL `LIKE ... ESCAPE '\'` form. */
export function likePattern(parts: readonly string[]): string {
  return parts.map((part) => part.replace(/[\\%_]/g, (char) => `\\${char}`)).join('%');
}
