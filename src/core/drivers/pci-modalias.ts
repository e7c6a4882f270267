/**
 * A PCI function's modalias, as the kernel writes it to /sys/bus/pci/devices/<addr>/modalias
 * (drivers/pci/pci-sysfs.c: `pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X`), built from the ids the
 * node reported so that it can be matched against an image's alias table without the node.
 * @module
 */
import type { PciDevice } from '../workflow/agent-protocol.js';

const hex = (value: string, width: number): string =>
  value.replace(/^0x/i, '').toUpperCase().padStart(width, '0').slice(-width);

/** `pci:v00008086d0000125Csv00008086sd00000000bc02sc00i00` for an Intel I226 (class 020000). */
export function pciModalias(device: PciDevice): string {
  const cls = hex(device.class, 6);
  return (
    `pci:v${hex(device.vendor, 8)}d${hex(device.device, 8)}` +
    `sv${hex(device.subsystemVendor, 8)}sd${hex(device.subsystemDevice, 8)}` +
    `bc${cls.slice(0, 2)}sc${cls.slice(2, 4)}i${cls.slice(4, 6)}`
  );
}

/** `8086:125c`: how lspci -n and operators name a device. */
export function pciIds(device: Pick<PciDevice, 'vendor' | 'device'>): string {
  const id = (value: string) => value.replace(/^0x/i, '').toLowerCase().padStart(4, '0');
  return `${id(device.vendor)}:${id(device.device)}`;
}
