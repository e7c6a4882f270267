/**
 * What an image's kernel can drive: its PCI alias table, module by module, as image validation
 * records it (src/image/inspect/kernel-drivers). Only `pci:` aliases are kept and the `pci:`
 * prefix is dropped, so a Ubuntu generic kernel's ~14,000 PCI aliases fit in a few hundred KiB.
 * @module
 */

/** Where a kernel's loadable modules' aliases came from: depmod's file, each `.ko`'s `.modinfo`, or nowhere. */
export const DRIVER_TABLE_SOURCES = ['modules.alias', 'modinfo', 'none'] as const;
export type DriverTableSource = (typeof DRIVER_TABLE_SOURCES)[number];

/** Where the built-in drivers' aliases came from (null: no list found). */
export const BUILTIN_TABLE_SOURCES = ['modules.builtin.alias', 'modules.builtin.modinfo'] as const;
export type BuiltinTableSource = (typeof BUILTIN_TABLE_SOURCES)[number];

/** One module (or built-in driver) and the PCI aliases it claims. */
export interface DriverModule {
  /** Module name as modprobe knows it (`igc`, `nvme`); for built-ins the name in modules.builtin.*. */
  readonly module: string;
  /** Built into the kernel image (modules.builtin.alias / modules.builtin.modinfo): always present. */
  readonly builtin: boolean;
  /** fnmatch patterns without the `pci:` prefix, e.g. `v00008086d0000125Csv*sd*bc*sc*i*`. */
  readonly aliases: readonly string[];
}

/** One kernel of the image and what it can drive. */
export interface KernelDrivers {
  /** `uname -r` of the kernel, e.g. `6.8.0-45-generic`. */
  readonly version: string;
  /** Where the kernel was found: `p2:/lib/modules/6.8.0-45-generic`, `p1:/EFI/Linux/emt.efi`. */
  readonly where: readonly string[];
  /** `modules.alias` (+ built-in lists) read from the module tree, `modinfo` read from each `.ko`, `none` found. */
  readonly source: DriverTableSource;
  readonly builtinSource: BuiltinTableSource | null;
  readonly modules: readonly DriverModule[];
  /** Alias count kept (after dedupe). */
  readonly aliasCount: number;
  /** The table was cut at the size bound: a device found missing may be a false alarm. */
  readonly truncated: boolean;
}

/** Whether anything is known of what the kernel drives (a table of modules or of built-ins). */
export function hasDriverTable(kernel: Pick<KernelDrivers, 'source' | 'builtinSource'>): boolean {
  return kernel.source !== 'none' || kernel.builtinSource !== null;
}

/** Bounds of a recorded table, so a hostile image cannot inflate the report. */
export const MAX_KERNELS = 8;
export const MAX_ALIASES_PER_KERNEL = 40_000;
export const MAX_ALIAS_LENGTH = 128;
export const MAX_MODULE_NAME_LENGTH = 64;
