/**
 * The part of an image's alias tables that concerns one node: the aliases that match at least one
 * of its checked devices (PCI functions and USB interfaces). orchd puts it in the node's plan, so
 * en-agent re-runs the check on the devices it sees without carrying the whole table (tens of
 * thousands of aliases) to every node.
 * @module
 */
import type { PciDevice, UsbDevice } from '../workflow/agent-protocol.js';
import { checkedUsbInterfaces, isCheckedDevice, modaliasTarget } from './driver-coverage.js';
import { aliasBus, type DriverModule, type KernelDrivers } from './driver-table.js';
import { modaliasMatches } from './modalias-pattern.js';
import { pciModalias } from './pci-modalias.js';
import { usbModalias } from './usb-modalias.js';

/** A kernel narrowed to what a plan carries. */
export type PlannedKernel = Pick<KernelDrivers, 'version' | 'modules' | 'truncated' | 'buses'>;

/** The node's USB devices and the interface classes checked besides NICs and disks. */
export interface UsbSubsetInput {
  readonly devices: readonly UsbDevice[];
  readonly classes: readonly string[];
}

/** Each kernel with only the aliases matching one of the checked devices (kernels kept even when empty). */
export function driverTableSubset(
  kernels: readonly PlannedKernel[],
  devices: readonly PciDevice[],
  classes: readonly string[],
  usb: UsbSubsetInput = { devices: [], classes: [] },
): PlannedKernel[] {
  const targets = [
    ...devices.filter((d) => isCheckedDevice(d, classes)).map((d) => pciModalias(d)),
    ...checkedUsbInterfaces(usb.devices, usb.classes).map(({ device, intf }) => usbModalias(device, intf)),
  ].map(modaliasTarget);
  return kernels.map((kernel) => {
    const modules: DriverModule[] = [];
    for (const m of kernel.modules) {
      const hits = m.aliases.filter((pattern) =>
        targets.some((t) => t.bus === aliasBus(pattern) && modaliasMatches(pattern, t.target)),
      );
      if (hits.length > 0) modules.push({ module: m.module, builtin: m.builtin, aliases: hits });
    }
    return {
      version: kernel.version,
      truncated: kernel.truncated,
      modules,
      ...(kernel.buses === undefined ? {} : { buses: kernel.buses }),
    };
  });
}
