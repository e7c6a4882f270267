/**
 * The kernel's modalias wildcard rules: a module's `alias pci:v00008086d0000125Csv*sd*bc02sc00i*`
 * is an fnmatch(3) pattern (`*` any run, `?` one character, `[...]` a set, `[!...]` its
 * complement) that modprobe matches against a device's modalias string. Matching is case-sensitive
 * and anchored at both ends, as in module-init-tools and kmod (libkmod-index `fnmatch(..., 0)`).
 * @module
 */

/**
 * Whether `alias` (a device's modalias) matches `pattern` (a module's alias). Iterative with
 * back-tracking to the last `*` only, so time is bounded by pattern length x alias length.
 */
export function modaliasMatches(pattern: string, alias: string): boolean {
  let p = 0;
  let a = 0;
  let starP = -1;
  let starA = 0;
  while (a < alias.length) {
    const step = p < pattern.length ? matchOne(pattern, p, alias[a]!) : undefined;
    if (pattern[p] === '*') {
      starP = p;
      starA = a;
      p += 1;
    } else if (step !== undefined) {
      p = step;
      a += 1;
    } else if (starP >= 0) {
      p = starP + 1;
      starA += 1;
      a = starA;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p += 1;
  return p === pattern.length;
}

/** The pattern index after the element at `p` when it matches `ch`, else undefined (`*` excluded). */
function matchOne(pattern: string, p: number, ch: string): number | undefined {
  const c = pattern[p]!;
  if (c === '*') return undefined;
  if (c === '?') return p + 1;
  if (c === '[') return matchSet(pattern, p, ch);
  if (c === '\\' && p + 1 < pattern.length) return pattern[p + 1] === ch ? p + 2 : undefined;
  return c === ch ? p + 1 : undefined;
}

/** A `[...]` set: ranges `a-z`, negation `!` or `^`; an unclosed `[` is a literal. */
function matchSet(pattern: string, p: number, ch: string): number | undefined {
  let i = p + 1;
  const negate = pattern[i] === '!' || pattern[i] === '^';
  if (negate) i += 1;
  let matched = false;
  let first = true;
  while (i < pattern.length && (pattern[i] !== ']' || first)) {
    const lo = pattern[i]!;
    if (pattern[i + 1] === '-' && i + 2 < pattern.length && pattern[i + 2] !== ']') {
      if (ch >= lo && ch <= pattern[i + 2]!) matched = true;
      i += 3;
    } else {
      if (ch === lo) matched = true;
      i += 1;
    }
    first = false;
  }
  if (i >= pattern.length) return ch === '[' ? p + 1 : undefined;
  return matched !== negate ? i + 1 : undefined;
}
