/**
 * Typed readings of filter literals. Shared by `checkFilter` (which refuses bad literals with a
 * position) and the SQL compiler (which binds the canonical form), so both agree on what a literal
 * means. Each function returns undefined when the text is not a literal of its type.
 */

/** `2026-11-25`, `2026-11-25T19:00Z`, `2026-11-25T19:00:00.5+01:00`; a time needs a zone (RFC 3339). */
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):(\d{2})))?$/;
const CANONICAL_YEAR = /^\d{4}-/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Normalises an ISO-8601 / RFC 3339 timestamp to the stored form `YYYY-MM-DDTHH:mm:ss.sssZ` (UTC,
 * milliseconds), which orders correctly as text. A date alone means midnight UTC. Digits beyond
 * milliseconds are truncated. Impossible dates (`2026-02-30`) and years outside 0000..9999 give
 * undefined.
 */
export function normalizeTimestampLiteral(text: string): string | undefined {
  const match = ISO_TIMESTAMP.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(match[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, millis);
  const valid =
    utc.getUTCFullYear() === year &&
    utc.getUTCMonth() === month - 1 &&
    utc.getUTCDate() === day &&
    utc.getUTCHours() === hour &&
    utc.getUTCMinutes() === minute &&
    utc.getUTCSeconds() === second;
  if (!valid) return undefined;
  const offsetMinutes = match[9]
    ? (match[9] === '-' ? -1 : 1) * (Number(match[10]) * 60 + Number(match[11]))
    : 0;
  if (Math.abs(offsetMinutes) > 24 * 60) return undefined;
  const iso = new Date(utc.getTime() - offsetMinutes * 60_000).toISOString();
  return CANONICAL_YEAR.test(iso) ? iso : undefined;
}

/** A finite decimal number (`12`, `-0.5`, `1e3`), or undefined. */
export function parseNumberLiteral(text: string): number | undefined {
  if (!NUMBER.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** `true` / `false` in any case, or undefined. */
export function parseBooleanLiteral(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}
