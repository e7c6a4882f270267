/**
 * The node's USB devices as the provisioning OS sees them: /sys/bus/usb/devices/<port path>
 * (`2-1`, `1-1.4`; the root hubs `usbN` are left out) with `idVendor`, `idProduct`, `bcdDevice`
 * and the `bDeviceClass`/`SubClass`/`Protocol` triple, and each interface of the active
 * configuration (`2-1:1.0`) with `bInterfaceNumber`, its class triple and the `driver` link.
 * Drivers bind interfaces, so that is where the driver check looks. Which interfaces are NICs and
 * disks is read the other way round, from /sys/class/net/<if>/device and
 * /sys/class/block/<dev>/device: a USB NIC's net device points at its interface (a vendor-specific
 * class ff interface is a NIC only because a net device hangs off it), a USB disk's SCSI device
 * sits below its interface.
 * @module
 */
import { readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { UsbDevice, UsbInterface } from '../../core/workflow/index.js';

/** More devices than this is not a node's USB tree; the API refuses more too. */
const MAX_DEVICES = 128;
/** Interfaces per device, net and block devices per interface (the API's bounds). */
const MAX_INTERFACES = 32;
const MAX_NET = 16;
const MAX_BLOCK = 64;
/** Entries of /sys/class/net or /sys/class/block looked at. */
const MAX_CLASS_ENTRIES = 1024;

const DEVICE_NAME = /^\d+-\d+(\.\d+)*$/;
const INTERFACE_NAME = /^(\d+-\d+(?:\.\d+)*):\d+\.\d+$/;
/** sysfs names in the order lsusb -t shows them: `1-2` before `1-10`. */
const byPort = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

const hexField = async (dir: string, name: string, digits: number): Promise<string> => {
  const text = await readFile(join(dir, name), 'utf8').catch(() => '');
  const hex = text.trim().replace(/^0x/i, '').toLowerCase();
  return /^[0-9a-f]+$/.test(hex) ? hex.padStart(digits, '0').slice(-digits) : '';
};

/**
 * Every USB device under `<root>/sys/bus/usb/devices` with its interfaces, sorted by port path;
 * [] when there is no such directory (no USB, a container). A device without ids is skipped.
 */
export async function readUsbDevices(root = '/'): Promise<UsbDevice[]> {
  const dir = join(root, 'sys/bus/usb/devices');
  const entries = await readdir(dir).catch(() => [] as string[]);
  const owners = await interfaceOwners(root);
  const interfacesOf = new Map<string, string[]>();
  for (const entry of entries) {
    const device = INTERFACE_NAME.exec(entry)?.[1];
    if (device !== undefined) interfacesOf.set(device, [...(interfacesOf.get(device) ?? []), entry]);
  }
  const devices: UsbDevice[] = [];
  for (const address of entries
    .filter((e) => DEVICE_NAME.test(e))
    .sort(byPort)
    .slice(0, MAX_DEVICES)) {
    const at = join(dir, address);
    const vendor = await hexField(at, 'idVendor', 4);
    const product = await hexField(at, 'idProduct', 4);
    if (vendor === '' || product === '') continue;
    const interfaces: UsbInterface[] = [];
    for (const name of (interfacesOf.get(address) ?? []).sort(byPort).slice(0, MAX_INTERFACES)) {
      const intf = join(dir, name);
      const owner = owners.get(name);
      interfaces.push({
        name,
        number: await hexField(intf, 'bInterfaceNumber', 2),
        class: await hexField(intf, 'bInterfaceClass', 2),
        subClass: await hexField(intf, 'bInterfaceSubClass', 2),
        protocol: await hexField(intf, 'bInterfaceProtocol', 2),
        driver: await readlink(join(intf, 'driver')).then(
          (link) => basename(link),
          () => null,
        ),
        netDevices: (owner?.net ?? []).slice(0, MAX_NET),
        blockDevices: (owner?.block ?? []).slice(0, MAX_BLOCK),
      });
    }
    devices.push({
      address,
      vendor,
      product,
      bcdDevice: await hexField(at, 'bcdDevice', 4),
      class: await hexField(at, 'bDeviceClass', 2),
      subClass: await hexField(at, 'bDeviceSubClass', 2),
      protocol: await hexField(at, 'bDeviceProtocol', 2),
      interfaces,
    });
  }
  return devices;
}

/**
 * The USB interface each net and block device hangs off: the last `N-M:C.I` component of the
 * resolved path of its `device` link (a net device's is the interface itself; a disk's is a SCSI
 * device a few levels below it). Devices not on USB (PCI NICs, NVMe, loop) have none.
 */
async function interfaceOwners(root: string): Promise<Map<string, { net: string[]; block: string[] }>> {
  const owners = new Map<string, { net: string[]; block: string[] }>();
  for (const kind of ['net', 'block'] as const) {
    const dir = join(root, 'sys/class', kind);
    const names = (await readdir(dir).catch(() => [] as string[])).sort(byPort).slice(0, MAX_CLASS_ENTRIES);
    for (const name of names) {
      const resolved = await realpath(join(dir, name, 'device')).catch(() => undefined);
      const intf = resolved
        ?.split('/')
        .reverse()
        .find((part) => INTERFACE_NAME.test(part));
      if (intf === undefined) continue;
      const owner = owners.get(intf) ?? { net: [], block: [] };
      owner[kind].push(name);
      owners.set(intf, owner);
    }
  }
  return owners;
}
