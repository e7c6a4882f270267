/**
 * The driver check: does the image's kernel have a driver for each device of the node that its
 * boot needs? PCI: storage and network controllers, plus the classes the profile names. USB (by
 * interface, since drivers bind interfaces): each interface a net device or a disk hangs off,
 * mass storage and CDC Ethernet interfaces, plus the interface classes the profile names. Pure:
 * the node's reported devices and the image's alias tables in, a verdict per device out. orchd
 * runs it from stored facts (host check, instance creation), en-agent before it erases the disk.
 * @module
 */
import type { PciDevice, UsbDevice, UsbInterface } from '../workflow/agent-protocol.js';
import { aliasBus, recordsBus, type DriverTableBus, type KernelDrivers } from './driver-table.js';
import { modaliasMatches } from './modalias-pattern.js';
import { pciClassName } from './pci-class-names.js';
import { pciIds, pciModalias } from './pci-modalias.js';
import { usbIds, usbInterfaceClass, usbInterfaceKind, usbModalias } from './usb-modalias.js';

/** Classes checked whatever the profile says: mass storage (01) and network (02) controllers. */
export const DEFAULT_DRIVER_CLASSES: readonly string[] = ['01', '02'];

/**
 * USB interface classes checked whatever the profile says: mass storage (08), CDC Ethernet
 * (0206) and CDC NCM (020d). Interfaces a net device or a disk hangs off are checked whatever
 * their class (a Realtek or ASIX NIC is vendor-specific, class ff).
 */
export const DEFAULT_USB_DRIVER_CLASSES: readonly string[] = ['08', '0206', '020d'];

/** A kernel as the check reads it. */
export type CheckedKernel = Pick<KernelDrivers, 'version' | 'modules' | 'truncated' | 'buses'>;

/** What the check needs. */
export interface DriverCoverageInput {
  readonly devices: readonly PciDevice[];
  readonly usbDevices?: readonly UsbDevice[];
  /** The image's kernels with a table (source other than `none`). */
  readonly kernels: readonly CheckedKernel[];
  /** PCI class prefixes (2, 4 or 6 hex digits) checked besides the defaults. */
  readonly extraClasses?: readonly string[];
  /** USB interface class prefixes (2, 4 or 6 hex digits) checked besides the defaults. */
  readonly extraUsbClasses?: readonly string[];
  /**
   * Accepted gaps: `vendor:device` (or `vendor-device`), a PCI address, a USB port path (`2-1`) or
   * interface (`2-1:1.0`), the driver bound here, or `*`/`all`.
   */
  readonly acceptedGaps?: readonly string[];
}

/** The verdict on one device (for USB: one interface of a device). */
export interface DeviceCoverage {
  readonly bus: DriverTableBus;
  /** PCI address (`0000:03:00.0`) or USB interface (`2-1:1.0`). */
  readonly address: string;
  /** `8086:125c`, `0bda:8153` */
  readonly ids: string;
  /** lspci's words for its class; for USB what the interface is (`USB network adapter`). */
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
  readonly usbClasses: readonly string[];
  /** Why USB devices the check would judge were left out (a table without USB aliases), or null. */
  readonly usbUnchecked: string | null;
  readonly devices: readonly DeviceCoverage[];
  /** One line per missing device, as DRIVER_MISSING says it. */
  readonly missing: readonly string[];
  /** One line per accepted gap, for the status. */
  readonly accepted: readonly string[];
}

const norm = (value: string) => value.trim().toLowerCase().replace(/^0x/, '');

const validClasses = (extra: readonly string[]) =>
  extra.map(norm).filter((c) => /^[0-9a-f]{2}([0-9a-f]{2}){0,2}$/.test(c));

/** The class prefixes checked: the defaults plus the extra ones, lower-case hex, deduplicated. */
export function driverClasses(extra: readonly string[] = []): string[] {
  return [...new Set([...DEFAULT_DRIVER_CLASSES, ...validClasses(extra)])];
}

/** The USB interface class prefixes checked: the defaults plus the extra ones. */
export function usbDriverClasses(extra: readonly string[] = []): string[] {
  return [...new Set([...DEFAULT_USB_DRIVER_CLASSES, ...validClasses(extra)])];
}

/** Whether a device belongs to a checked class. */
export function isCheckedDevice(device: PciDevice, classes: readonly string[]): boolean {
  const code = norm(device.class).padStart(6, '0');
  return classes.some((prefix) => code.startsWith(prefix));
}

/** A USB interface the check judges, with its device. */
export interface CheckedUsbInterface {
  readonly device: UsbDevice;
  readonly intf: UsbInterface;
}

/** The interfaces checked: those a NIC or disk hangs off, and those of a checked class. */
export function checkedUsbInterfaces(
  devices: readonly UsbDevice[],
  classes: readonly string[],
): CheckedUsbInterface[] {
  return devices.flatMap((device) =>
    device.interfaces
      .filter(
        (intf) =>
          intf.netDevices.length > 0 ||
          intf.blockDevices.length > 0 ||
          classes.some((prefix) => usbInterfaceClass(intf).startsWith(prefix)),
      )
      .map((intf) => ({ device, intf })),
  );
}

/** The target string of a modalias and its bus: PCI patterns are stored without `pci:`. */
export function modaliasTarget(modalias: string): { bus: DriverTableBus; target: string } {
  return modalias.startsWith('usb:')
    ? { bus: 'usb', target: modalias }
    : { bus: 'pci', target: modalias.replace(/^pci:/, '') };
}

/** The names of the modules of `kernel` whose aliases match `modalias` (`pci:…` or `usb:…`). */
export function matchingDrivers(kernel: Pick<KernelDrivers, 'modules'>, modalias: string): string[] {
  const { bus, target } = modaliasTarget(modalias);
  return kernel.modules
    .filter((m) => m.aliases.some((pattern) => aliasBus(pattern) === bus && modaliasMatches(pattern, target)))
    .map((m) => (m.builtin ? `${m.module} (built-in)` : m.module));
}

/** The gap entry accepting a device: its ids, one of its addresses, the driver bound here, or all. */
function acceptance(
  ids: string,
  addresses: readonly string[],
  driver: string | null,
  gaps: readonly string[],
): string | undefined {
  const at = addresses.map(norm);
  const bound = driver === null ? undefined : driver.toLowerCase();
  return gaps.find((gap) => {
    const g = norm(gap).replace(/^([0-9a-f]{4})[-.]([0-9a-f]{4})$/, '$1:$2');
    return g === '*' || g === 'all' || g === ids || at.includes(g) || (bound !== undefined && g === bound);
  });
}

/** `Ethernet controller 8086:125c at 0000:03:00.0 (bound to igc here) has no driver in the image's kernel 6.8.0-45-generic` */
export function describeMissing(device: DeviceCoverage): string {
  const bound = device.boundHere === null ? 'no driver bound here' : `bound to ${device.boundHere} here`;
  const kernels = device.missingIn.join(', ');
  const noun = device.missingIn.length > 1 ? 'kernels' : 'kernel';
  return `${device.kind} ${device.ids} at ${device.address} (${bound}) has no driver in the image's ${noun} ${kernels}`;
}

/** What the verdict on one device starts from: its identity, and the addresses a gap may name. */
type Candidate = Pick<DeviceCoverage, 'bus' | 'address' | 'ids' | 'kind' | 'modalias' | 'boundHere'> & {
  readonly addresses: readonly string[];
};

function judge(
  candidate: Candidate,
  kernels: readonly CheckedKernel[],
  gaps: readonly string[],
): DeviceCoverage {
  const { addresses, ...rest } = candidate;
  const drivers: Record<string, string[]> = {};
  const missingIn: string[] = [];
  for (const kernel of kernels) {
    drivers[kernel.version] = matchingDrivers(kernel, candidate.modalias);
    if (drivers[kernel.version]!.length === 0) missingIn.push(kernel.version);
  }
  const acceptedBy =
    missingIn.length > 0 ? acceptance(candidate.ids, addresses, candidate.boundHere, gaps) : undefined;
  const state = missingIn.length === 0 ? 'covered' : acceptedBy === undefined ? 'missing' : 'accepted';
  return { ...rest, state, drivers, missingIn, ...(acceptedBy === undefined ? {} : { acceptedBy }) };
}

/** Checks every device of the checked classes against every kernel's table. */
export function checkDriverCoverage(input: DriverCoverageInput): DriverCoverage {
  const classes = driverClasses(input.extraClasses);
  const usbClasses = usbDriverClasses(input.extraUsbClasses);
  const gaps = input.acceptedGaps ?? [];
  const kernels = input.kernels.map((k) => k.version);
  const pci = input.devices
    .filter((d) => isCheckedDevice(d, classes))
    .map((d): Candidate => ({
      bus: 'pci',
      address: d.address,
      ids: pciIds(d),
      kind: pciClassName(d.class),
      modalias: pciModalias(d),
      boundHere: d.driver,
      addresses: [d.address],
    }));
  const usb = checkedUsbInterfaces(input.usbDevices ?? [], usbClasses).map(({ device, intf }): Candidate => ({
    bus: 'usb',
    address: intf.name,
    ids: usbIds(device),
    kind: usbInterfaceKind(intf),
    modalias: usbModalias(device, intf),
    boundHere: intf.driver,
    addresses: [intf.name, device.address],
  }));
  const pciOnly = input.kernels.filter((k) => !recordsBus(k, 'usb')).map((k) => k.version);
  const usbUnchecked =
    usb.length > 0 && pciOnly.length > 0
      ? `${usb.length} USB interface(s) not checked: the image's validation recorded no USB aliases for kernel ${pciOnly.join(', ')} (validate the image again)`
      : null;
  const candidates = usbUnchecked === null ? [...pci, ...usb] : pci;
  const devices = candidates.map((c) => judge(c, input.kernels, gaps));
  const checked = input.kernels.length > 0;
  const missing = checked ? devices.filter((d) => d.state === 'missing').map(describeMissing) : [];
  const accepted = devices
    .filter((d) => d.state === 'accepted')
    .map((d) => `${describeMissing(d)}: accepted (${d.acceptedBy})`);
  return {
    ok: missing.length === 0,
    checked,
    kernels,
    classes,
    usbClasses,
    usbUnchecked: checked ? usbUnchecked : null,
    devices,
    missing,
    accepted,
  };
}
