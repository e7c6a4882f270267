/**
 * The driver check: does the image's kernel have a driver for each PCI device of the node that
 * its boot needs (storage and network controllers, plus the classes the profile names)? Pure:
 * the node's reported devices and the image's alias tables in, a verdict per device out. orchd
 * runs it from stored facts (host check, instance creation), en-agent before it erases the disk.
 * @module
 */
import type { PciDevice } from '../workflow/agent-protocol.js';
import type { KernelDrivers } from './driver-table.js';
import { modaliasMatches } from './modalias-pattern.js';
import { pciClassName } from './pci-class-names.js';
import { pciIds, pciModalias } from './pci-modalias.js';

/** Classes checked whatever the profile says: mass storage (01) and network (02) controllers. */
export const DEFAULT_DRIVER_CLASSES: readonly string[] = ['01', '02'];

/** What the check needs. */
export interface DriverCoverageInput {
  readonly devices: readonly PciDevice[];
  /** The image's kernels with a table (source other than `none`). */
  readonly kernels: readonly Pick<KernelDrivers, 'version' | 'modules' | 'truncated'>[];
  /** Class prefixes (2, 4 or 6 hex digits) checked besides the defaults. */
  readonly extraClasses?: readonly string[];
  /** Accepted gaps: `vendor:device` (or `vendor-device`), a PCI address, the driver bound here, or `*`/`all`. */
  readonly acceptedGaps?: readonly string[];
}

/** The verdict on one device. */
export interface DeviceCoverage {
  readonly address: string;
  /** `8086:125c` */
  readonly ids: string;
  /** lspci's words for its class. */
  readonly kind: string;
  readonly modalias: string;
  /** What the provisioning OS bound (null: nothing). */
  readonly boundHere: string | null;
  /** `covered` in every kernel, `missing` in at least one, `accepted` missing but accepted. */
  readonly state: 'covered' | 'missing' | 'accepted';
  /** Matching modules per kernel version (`nvme`, `e1000e (built-in)`). */
  readonly drivers: Readonly<Record<string, readonly string[]>>;
  /** Kernels without a driver for it. */
  readonly missingIn: readonly string[];
  /** The accepted-gap entry that accepted it. */
  readonly acceptedBy?: string;
}

/** The verdict on a node. */
export interface DriverCoverage {
  /** false only when a device is missing (accepted ones do not count). */
  readonly ok: boolean;
  /** false when the image has no table (nothing can be said): `ok` is then true. */
  readonly checked: boolean;
  readonly kernels: readonly string[];
  readonly classes: readonly string[];
  readonly devices: readonly DeviceCoverage[];
  /** One line per missing device, as DRIVER_MISSING says it. */
  readonly missing: readonly string[];
  /** One line per accepted gap, for the status. */
  readonly accepted: readonly string[];
}

const norm = (value: string) => value.trim().toLowerCase().replace(/^0x/, '');

/** The class prefixes checked: the defaults plus the extra ones, lower-case hex, deduplicated. */
export function driverClasses(extra: readonly string[] = []): string[] {
  const valid = extra.map(norm).filter((c) => /^[0-9a-f]{2}([0-9a-f]{2}){0,2}$/.test(c));
  return [...new Set([...DEFAULT_DRIVER_CLASSES, ...valid])];
}

/** Whether a device belongs to a checked class. */
export function isCheckedDevice(device: PciDevice, classes: readonly string[]): boolean {
  const code = norm(device.class).padStart(6, '0');
  return classes.some((prefix) => code.startsWith(prefix));
}

/** The names of the modules of `kernel` whose aliases match `modalias`. */
export function matchingDrivers(kernel: Pick<KernelDrivers, 'modules'>, modalias: string): string[] {
  const bare = modalias.replace(/^pci:/, '');
  return kernel.modules
    .filter((m) => m.aliases.some((pattern) => modaliasMatches(pattern, bare)))
    .map((m) => (m.builtin ? `${m.module} (built-in)` : m.module));
}

function acceptance(device: PciDevice, gaps: readonly string[]): string | undefined {
  const ids = pciIds(device);
  const address = norm(device.address);
  const bound = device.driver === null ? undefined : device.driver.toLowerCase();
  return gaps.find((gap) => {
    const g = norm(gap).replace(/^([0-9a-f]{4})[-.]([0-9a-f]{4})$/, '$1:$2');
    return g === '*' || g === 'all' || g === ids || g === address || (bound !== undefined && g === bound);
  });
}

/** `Ethernet controller 8086:125c at 0000:03:00.0 (bound to igc here) has no driver in the image's kernel 6.8.0-45-generic` */
export function describeMissing(device: DeviceCoverage): string {
  const bound = device.boundHere === null ? 'no driver bound here' : `bound to ${device.boundHere} here`;
  const kernels = device.missingIn.join(', ');
  const noun = device.missingIn.length > 1 ? 'kernels' : 'kernel';
  return `${device.kind} ${device.ids} at ${device.address} (${bound}) has no driver in the image's ${noun} ${kernels}`;
}

/** Checks every device of the checked classes against every kernel's table. */
export function checkDriverCoverage(input: DriverCoverageInput): DriverCoverage {
  const classes = driverClasses(input.extraClasses);
  const gaps = input.acceptedGaps ?? [];
  const kernels = input.kernels.map((k) => k.version);
  const devices = input.devices
    .filter((d) => isCheckedDevice(d, classes))
    .map((d): DeviceCoverage => {
      const modalias = pciModalias(d);
      const drivers: Record<string, string[]> = {};
      const missingIn: string[] = [];
      for (const kernel of input.kernels) {
        drivers[kernel.version] = matchingDrivers(kernel, modalias);
        if (drivers[kernel.version]!.length === 0) missingIn.push(kernel.version);
      }
      const acceptedBy = missingIn.length > 0 ? acceptance(d, gaps) : undefined;
      const state = missingIn.length === 0 ? 'covered' : acceptedBy === undefined ? 'missing' : 'accepted';
      return {
        address: d.address,
        ids: pciIds(d),
        kind: pciClassName(d.class),
        modalias,
        boundHere: d.driver,
        state,
        drivers,
        missingIn,
        ...(acceptedBy === undefined ? {} : { acceptedBy }),
      };
    });
  const checked = input.kernels.length > 0;
  const missing = checked ? devices.filter((d) => d.state === 'missing').map(describeMissing) : [];
  const accepted = devices
    .filter((d) => d.state === 'accepted')
    .map((d) => `${describeMissing(d)}: accepted (${d.acceptedBy})`);
  return { ok: missing.length === 0, checked, kernels, classes, devices, missing, accepted };
}
