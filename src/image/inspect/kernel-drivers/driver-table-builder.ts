/**
 * Collects a kernel's PCI and USB aliases into the compact, bounded form the report keeps: per module,
 * its patterns deduplicated and sorted; at most MAX_ALIASES_PER_KERNEL in all (then `truncated`).
 * @module
 */
import {
  MAX_ALIAS_LENGTH,
  MAX_ALIASES_PER_KERNEL,
  MAX_MODULE_NAME_LENGTH,
  type DriverModule,
} from '../../../core/drivers/index.js';
import type { ModuleAlias } from './alias-tables.js';

/** A table being filled. */
export interface DriverTableBuilder {
  add(aliases: readonly ModuleAlias[], builtin: boolean): void;
  readonly truncated: boolean;
  readonly count: number;
  modules(): DriverModule[];
}

export function createDriverTableBuilder(limit = MAX_ALIASES_PER_KERNEL): DriverTableBuilder {
  const byModule = new Map<string, { module: string; builtin: boolean; aliases: Set<string> }>();
  let count = 0;
  let truncated = false;
  return {
    add(aliases, builtin) {
      for (const { pattern, module } of aliases) {
        if (pattern.length > MAX_ALIAS_LENGTH || module.length > MAX_MODULE_NAME_LENGTH) continue;
        // modprobe treats `-` and `_` in module names alike; depmod writes `_`.
        const name = module.replace(/-/g, '_');
        const key = `${builtin ? 'b' : 'm'}:${name}`;
        let entry = byModule.get(key);
        if (entry?.aliases.has(pattern)) continue;
        if (count >= limit) {
          truncated = true;
          return;
        }
        if (!entry) byModule.set(key, (entry = { module: name, builtin, aliases: new Set() }));
        entry.aliases.add(pattern);
        count += 1;
      }
    },
    get truncated() {
      return truncated;
    },
    get count() {
      return count;
    },
    modules: () =>
      [...byModule.values()]
        .sort((a, b) => a.module.localeCompare(b.module) || Number(a.builtin) - Number(b.builtin))
        .map((e) => ({ module: e.module, builtin: e.builtin, aliases: [...e.aliases].sort() })),
  };
}
