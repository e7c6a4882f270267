/**
 * The text forms of a kernel's alias tables, as depmod(8) writes them under /lib/modules/<ver>/:
 * `modules.alias` and `modules.builtin.alias` (`alias pci:v00008086d... igc` per line), and
 * `modules.builtin.modinfo` (the built-ins' .modinfo strings, NUL-separated, each prefixed with
 * `<module>.`). Only PCI and USB aliases are kept: PCI ones without their `pci:` prefix, USB ones
 * with `usb:` (see core/drivers/driver-table.ts).
 * @module
 */

/** One alias: the pattern as the table keeps it and the module claiming it. */
export interface ModuleAlias {
  readonly pattern: string;
  readonly module: string;
}

/** The kept form of an alias (`pci:X` -> `X`, `usb:X` as is), or undefined for other buses. */
export function keptPattern(alias: string): string | undefined {
  if (alias.startsWith('pci:')) return alias.slice('pci:'.length) || undefined;
  if (alias.startsWith('usb:')) return alias.length > 'usb:'.length ? alias : undefined;
  return undefined;
}

/** `alias pci:<pattern> <module>` and `alias usb:<pattern> <module>` lines of modules.alias / modules.builtin.alias. */
export function parseAliasLines(text: string): ModuleAlias[] {
  const found: ModuleAlias[] = [];
  for (const line of text.split('\n')) {
    const m = /^alias\s+((?:pci|usb):\S+)\s+(\S+)\s*$/.exec(line);
    const pattern = m ? keptPattern(m[1]!) : undefined;
    if (pattern !== undefined) found.push({ pattern, module: m![2]! });
  }
  return found;
}

/** `<module>.alias=pci:<pattern>` and `<module>.alias=usb:<pattern>` strings of modules.builtin.modinfo. */
export function parseBuiltinModinfo(bytes: Uint8Array): ModuleAlias[] {
  const found: ModuleAlias[] = [];
  for (const entry of new TextDecoder().decode(bytes).split('\0')) {
    const m = /^([^.=\s]+)\.alias=((?:pci|usb):\S+)$/.exec(entry);
    const pattern = m ? keptPattern(m[2]!) : undefined;
    if (pattern !== undefined) found.push({ pattern, module: m![1]! });
  }
  return found;
}

/** The PCI and USB aliases among a module's `.modinfo` strings; the module is its `name=`, else `fallback`. */
export function modinfoAliases(strings: readonly string[], fallback: string): ModuleAlias[] {
  const name = strings.find((s) => s.startsWith('name='))?.slice(5) || fallback;
  return strings
    .filter((s) => s.startsWith('alias='))
    .map((s) => keptPattern(s.slice('alias='.length)))
    .filter((pattern) => pattern !== undefined)
    .map((pattern) => ({ pattern: pattern!, module: name }));
}
