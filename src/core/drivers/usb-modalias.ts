/**
 * A USB interface's modalias, as the kernel writes it to /sys/bus/usb/devices/<intf>/modalias and
 * the MODALIAS uevent (drivers/usb/core/message.c, usb_if_uevent:
 * `usb:v%04Xp%04Xd%04Xdc%02Xdsc%02Xdp%02Xic%02Xisc%02Xip%02Xin%02X`), built from the ids the node
 * reported: the device's vendor, product, bcdDevice and class triple, then the interface's class
 * triple and number. Drivers claim interfaces, so this is what modprobe matches `usb:` aliases to.
 * @module
 */
import type { UsbDevice, UsbInterface } from '../workflow/agent-protocol.js';

const hex = (value: string, width: number): string =>
  value.replace(/^0x/i, '').toUpperCase().padStart(width, '0').slice(-width);

/** `usb:v0BDAp8153d3000dc00dsc00dp00icFFiscFFip00in00` for a Realtek RTL8153 in its vendor mode. */
export function usbModalias(device: UsbDevice, intf: UsbInterface): string {
  return (
    `usb:v${hex(device.vendor, 4)}p${hex(device.product, 4)}d${hex(device.bcdDevice, 4)}` +
    `dc${hex(device.class, 2)}dsc${hex(device.subClass, 2)}dp${hex(device.protocol, 2)}` +
    `ic${hex(intf.class, 2)}isc${hex(intf.subClass, 2)}ip${hex(intf.protocol, 2)}in${hex(intf.number, 2)}`
  );
}

/** `0bda:8153`: how lsusb names a device. */
export function usbIds(device: Pick<UsbDevice, 'vendor' | 'product'>): string {
  const id = (value: string) => value.replace(/^0x/i, '').toLowerCase().padStart(4, '0');
  return `${id(device.vendor)}:${id(device.product)}`;
}

/** The interface's class triple as 6 lower-case hex digits (`ffff00`), for class prefixes. */
export function usbInterfaceClass(intf: Pick<UsbInterface, 'class' | 'subClass' | 'protocol'>): string {
  return [intf.class, intf.subClass, intf.protocol].map((v) => hex(v, 2).toLowerCase()).join('');
}

/** Interface class names (usb.ids "C" lines), by class or class+subclass, lower-case hex. */
const INTERFACE_CLASS_NAMES: Readonly<Record<string, string>> = {
  '0206': 'USB network adapter',
  '020d': 'USB network adapter',
  '02': 'USB communications interface',
  '03': 'USB human interface device',
  '08': 'USB mass storage device',
  '0a': 'USB CDC data interface',
  '0e': 'USB video interface',
  e0: 'USB wireless controller',
  ff: 'USB vendor-specific interface',
};

/**
 * What an interface is, in words: a NIC or a disk by what hangs off it (a vendor-specific class
 * 0xff interface is a NIC only because a net device points at it), else by its class.
 */
export function usbInterfaceKind(intf: UsbInterface): string {
  if (intf.netDevices.length > 0) return 'USB network adapter';
  if (intf.blockDevices.length > 0) return 'USB storage device';
  const code = usbInterfaceClass(intf);
  return (
    INTERFACE_CLASS_NAMES[code.slice(0, 4)] ??
    INTERFACE_CLASS_NAMES[code.slice(0, 2)] ??
    `USB interface class ${code.slice(0, 2)}`
  );
}
