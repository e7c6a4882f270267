/**
 * @module
 * The order to insmod kernel modules in, from the `modules.dep` that `depmod -b` writes: each
 * wanted module after its dependencies (modules.dep lists them so that the last loads first, as
 * modprobe does), each module once. Built-in modules (listed in modules.builtin) need no file.
 */

/** A module the kernel has built in: nothing to load. */
export interface ModuleOrder {
  /** Paths relative to /lib/modules/<version>, in load order. */
  readonly files: readonly string[];
  /** Wanted modules that are built into the kernel. */
  readonly builtin: readonly string[];
}

/** Module name as modprobe compares it: `dm-mod.ko.xz` and `dm_mod` are the same module. */
export function moduleName(pathOrName: string): string {
  const base = pathOrName.slice(pathOrName.lastIndexOf('/') + 1);
  return base.replace(/\.ko(\.[a-z]+)?$/, '').replaceAll('-', '_');
}

/** Resolves `wanted` against `modulesDep` and `modulesBuiltin`; throws on a module in neither. */
export function moduleLoadOrder(
  wanted: readonly string[],
  modulesDep: string,
  modulesBuiltin: string,
): ModuleOrder {
  const deps = new Map<string, { path: string; deps: string[] }>();
  for (const line of modulesDep.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const path = line.slice(0, colon);
    deps.set(moduleName(path), {
      path,
      deps: line
        .slice(colon + 1)
        .trim()
        .split(/\s+/)
        .filter(Boolean),
    });
  }
  const builtinNames = new Set(modulesBuiltin.split('\n').filter(Boolean).map(moduleName));
  const files: string[] = [];
  const builtin: string[] = [];
  for (const name of wanted.map(moduleName)) {
    const entry = deps.get(name);
    if (!entry) {
      if (!builtinNames.has(name))
        throw new Error(`kernel module ${name} is neither in modules.dep nor built in`);
      builtin.push(name);
      continue;
    }
    for (const path of [...entry.deps].reverse().concat(entry.path)) {
      if (!files.includes(path)) files.push(path);
    }
  }
  return { files, builtin };
}
