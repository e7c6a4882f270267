/**
 * os-release(5) parser: `KEY=value` lines, values optionally quoted with shell-like escapes.
 * https://www.freedesktop.org/software/systemd/man/latest/os-release.html
 * @module
 */

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Inside double quotes only these characters may be escaped (shell rules the spec cites). */
const DOUBLE_QUOTE_ESCAPABLE = new Set(['\\', '"', '$', '`']);

/**
 * Parses os-release text into a record. Blank lines and `#` comments are skipped, as are lines
 * that are not assignments (the spec says to ignore them). Values may be unquoted (backslash
 * escapes any character), 'single-quoted' (literal) or "double-quoted" (`\\ \" \$ \``), or a
 * concatenation of those; an unterminated quote keeps what was read. A later key wins.
 */
export function parseOsRelease(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!KEY.test(key)) continue;
    result[key] = unquote(line.slice(eq + 1));
  }
  return result;
}

/** Decodes one shell-style value; stops at an unquoted `#` after whitespace (a comment). */
function unquote(raw: string): string {
  let out = '';
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else out += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < raw.length && DOUBLE_QUOTE_ESCAPABLE.has(raw[i + 1]!)) out += raw[++i];
      else out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '\\' && i + 1 < raw.length) {
      out += raw[++i];
    } else if (ch === '#' && (i === 0 || /\s/.test(raw[i - 1]!))) {
      break;
    } else {
      out += ch;
    }
  }
  return quote === undefined ? out.trimEnd() : out;
}
