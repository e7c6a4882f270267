/**
 * @module
 * Dotted version numbers as os-release and OS profiles write them (`22.04`, `22.04.5`, `3.0`).
 */

/** The leading dotted number of `text` (`22.04.5` of `22.04.5 LTS (Jammy Jellyfish)`), if any. */
export function leadingVersion(text: string | undefined): string | undefined {
  return text?.trim().match(/^\d+(?:\.\d+)*/)?.[0];
}

/**
 * True when `general` names `specific` or a release line it belongs to: `22.04` covers `22.04` and
 * `22.04.5`, but not `22.041` nor `22.0`.
 */
export function versionCovers(general: string, specific: string): boolean {
  return specific === general || specific.startsWith(`${general}.`);
}

/** Numeric comparison of dotted versions (missing parts count as 0): negative, 0 or positive. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** A dotted number of digits only. */
export function isDottedVersion(text: string | undefined): text is string {
  return text !== undefined && /^\d+(?:\.\d+)*$/.test(text);
}
