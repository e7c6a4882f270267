/**
 * What an image's kernel can drive: its PCI and USB alias tables, module by module, as image
 * validation records it (src/image/inspect/kernel-drivers). Only `pci:` and `usb:` aliases are
 * kept. PCI patterns are stored without their `pci:` prefix (the form reports had before USB was
 * recorded); USB patterns keep `usb:`, so the two never match each other's devices. A Ubuntu
 * generic kernel's ~14,000 PCI and ~9,000 USB aliases fit in a few hundred KiB.
 * @module
 */

/** Where a kernel's loadable modules' aliases came from: depmod's file, each `.ko`'s `.modinfo`, or nowhere. */
export const DRIVER_TABLE_SOURCES = ['modules.alias', 'modinfo', 'none'] as const;
export type DriverTableSource = (typeof DRIVER_TABLE_SOURCES)[number];

/** Where the built-in drivers' aliases came from (null: no list found). */
export const BUILTIN_TABLE_SOURCES = ['modules.builtin.alias', 'modules.builtin.modinfo'] as const;
export type BuiltinTableSource = (typeof BUILTIN_TABLE_SOURCES)[number];

/** The buses whose aliases a table records. */
export const DRIVER_TABLE_BUSES = ['pci', 'usb'] as const;
export type DriverTableBus = (typeof DRIVER_TABLE_BUSES)[number];

/** One module (or built-in driver) and the PCI and USB aliases it claims. */
export interface DriverModule {
  /** Module name as modprobe knows it (`igc`, `nvme`); for built-ins the name in modules.builtin.*. */
  readonly module: string;
  /** Built into the kernel image (modules.builtin.alias / modules.builtin.modinfo): always present. */
  readonly builtin: boolean;
  /**
   * fnmatch patterns: PCI without the `pci:` prefix (`v00008086d0000125Csv*sd*bc*sc*i*`), USB with
   * it (`usb:v0BDAp8153d*dc*dsc*dp*icFFisc*ip*in*`).
   */
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
  /**
   * Buses recorded. Absent in reports written before USB aliases were kept: those tables are
   * PCI-only, and a USB device cannot be judged against them (validate the image again).
   */
  readonly buses?: readonly DriverTableBus[];
}

/** The bus an alias pattern is for: `usb:` patterns are USB, the bare ones PCI. */
export function aliasBus(pattern: string): DriverTableBus {
  return pattern.startsWith('usb:') ? 'usb' : 'pci';
}

/** Whether a kernel's table records `bus` (reports older than USB tables record PCI only). */
export function recordsBus(kernel: Pick<KernelDrivers, 'buses'>, bus: DriverTableBus): boolean {
  return (kernel.buses ?? ['pci']).includes(bus);
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
