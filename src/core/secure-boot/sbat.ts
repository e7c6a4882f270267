/**
 * SBAT (https://github.com/rhboot/shim/blob/main/SBAT.md): the `.sbat` CSV a boot binary carries
 * (component_name,component_generation,vendor_name,vendor_package_name,vendor_version,vendor_url),
 * a revocation level (`sbat,1,<date>` then `component,generation` lines, as shim's `.sbatlevel`
 * and the SbatLevel variable hold it), and the rule shim applies between them: a binary is revoked
 * when one of its components has a generation below the level's generation for that component.
 */

/** One line of a binary's `.sbat`. */
export interface SbatEntry {
  readonly component: string;
  readonly generation: number;
  /** vendor_name, vendor_package_name, vendor_version (absent fields are ''). */
  readonly vendor: string;
  readonly packageName: string;
  readonly version: string;
}

/** One line of a revocation level. */
export interface SbatLevelEntry {
  readonly component: string;
  readonly generation: number;
}

/** A parse outcome: entries, or the first bad line. */
export type SbatParse<T> =
  { readonly ok: true; readonly entries: T[] } | { readonly ok: false; readonly problem: string };

const COMPONENT = /^[A-Za-z0-9_.+-]{1,64}$/;
const GENERATION = /^[0-9]{1,9}$/;
/** Most lines read from one `.sbat` or level. */
const MAX_LINES = 256;

function lines(text: string): string[] {
  const nul = text.indexOf('\0');
  return (nul >= 0 ? text.slice(0, nul) : text)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function split<T>(text: string, what: string, make: (fields: string[]) => T): SbatParse<T> {
  const all = lines(text);
  if (all.length > MAX_LINES) return { ok: false, problem: `${what} has more than ${MAX_LINES} lines` };
  const entries: T[] = [];
  for (const [index, line] of all.entries()) {
    const fields = line.split(',');
    const [component = '', generation = ''] = fields;
    if (!COMPONENT.test(component) || !GENERATION.test(generation)) {
      return {
        ok: false,
        problem: `${what} line ${index + 1} "${line.slice(0, 64)}" is not component_name,component_generation[,...]`,
      };
    }
    entries.push(make(fields));
  }
  return { ok: true, entries };
}

/** Parses a binary's `.sbat` text (NUL padding ignored). */
export function parseSbat(text: string): SbatParse<SbatEntry> {
  return split(
    text,
    '.sbat',
    ([component = '', generation = '', vendor = '', packageName = '', version = '']) => ({
      component,
      generation: Number(generation),
      vendor,
      packageName,
      version,
    }),
  );
}

/** Parses a revocation level (`sbat,1,2024010900` then `shim,4` ...; a third field is a date or ignored). */
export function parseSbatLevel(text: string, what = 'SBAT level'): SbatParse<SbatLevelEntry> {
  return split(text, what, ([component = '', generation = '']) => ({
    component,
    generation: Number(generation),
  }));
}

/** One revoked component of a binary. */
export interface SbatRevocation {
  readonly entry: SbatEntry;
  readonly level: SbatLevelEntry;
}

/** The components of `binary` that `level` revokes (generation below the level's), in `.sbat` order. */
export function sbatRevocations(
  binary: readonly SbatEntry[],
  level: readonly SbatLevelEntry[],
): SbatRevocation[] {
  const revoked: SbatRevocation[] = [];
  for (const entry of binary) {
    const rule = level.find((l) => l.component === entry.component);
    if (rule && entry.generation < rule.generation) revoked.push({ entry, level: rule });
  }
  return revoked;
}

/** `component,generation` text of an entry, as shim's messages and the level name it. */
export function sbatText(entry: { component: string; generation: number }): string {
  return `${entry.component},${entry.generation}`;
}
