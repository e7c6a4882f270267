/**
 * The text forms of a kernel's alias tables, as depmod(8) writes them under /lib/modules/<ver>/:
 * `modules.alias` and `modules.builtin.alias` (`alias pci:v00008086d... igc` per line), and
 * `modules.builtin.modinfo` (the built-ins' .modinfo strings, NUL-separated, each prefixed with
 * `<module>.`). Only PCI aliases are kept.
 * @module
 */

/** One alias: the pattern without `pci:` and the module claiming it. */
export interface PciAlias {
  readonly pattern: string;
  readonly module: string;
}

/** `alias pci:<pattern> <module>` lines of modules.alias / modules.builtin.alias. */
export function parseAliasLines(text: string): PciAlias[] {
  const found: PciAlias[] = [];
  for (const line of text.split('\n')) {
    const m = /^alias\s+pci:(\S+)\s+(\S+)\s*$/.exec(line);
    if (m) found.push({ pattern: m[1]!, module: m[2]! });
  }
  return found;
}

/** `<module>.alias=pci:<pattern>` strings of modules.builtin.modinfo. */
export function parseBuiltinModinfo(bytes: Uint8Array): PciAlias[] {
  const found: PciAlias[] = [];
  for (const entry of new TextDecoder().decode(bytes).split('\0')) {
    const m = /^([^.=\s]+)\.alias=pci:(\S+)$/.exec(entry);
    if (m) found.push({ pattern: m[2]!, module: m[1]! });
  }
  return found;
}

/** The PCI aliases among a module's `.modinfo` strings; the module is its `name=`, else `fallback`. */
export function modinfoAliases(strings: readonly string[], fallback: string): PciAlias[] {
  const name = strings.find((s) => s.startsWith('name='))?.slice(5) || fallback;
  return strings
    .filter((s) => s.startsWith('alias=pci:'))
    .map((s) => ({ pattern: s.slice('alias=pci:'.length), module: name }));
}
