/**
 * A fake /sys tree for the node fact readers: PCI functions as the kernel lays them out
 * (bus/pci/devices/<address>/{vendor,device,subsystem_*,class} and a `driver` link into
 * bus/pci/drivers/<name>), and USB devices the way a real tree has them: directories under
 * devices/pci0000:00/<controller>/usb<bus>/<port>/<port>:<c>.<i>, linked from bus/usb/devices,
 * net devices below their interface (linked from class/net, `device` pointing back up) and disks
 * below a SCSI device below their interface (linked from class/block and block). Tests point
 * en-agent's `--sysfs-root`/`root` at it.
 */
import { createHash } from 'node:crypto';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { usbModalias } from '../../../src/core/drivers/index.js';
import type { PciDevice, UsbDevice } from '../../../src/core/workflow/index.js';

/** Writes `devices` under `<root>/sys/bus/pci`; returns `root`. */
export async function writeFakePci(root: string, devices: readonly PciDevice[]): Promise<string> {
  for (const d of devices) {
    const dir = join(root, 'sys/bus/pci/devices', d.address);
    await mkdir(dir, { recursive: true });
    const put = (name: string, value: string) => writeFile(join(dir, name), `0x${value}\n`);
    await put('vendor', d.vendor);
    await put('device', d.device);
    await put('subsystem_vendor', d.subsystemVendor);
    await put('subsystem_device', d.subsystemDevice);
    await put('class', d.class);
    if (d.driver !== null) {
      const driverDir = join(root, 'sys/bus/pci/drivers', d.driver);
      await mkdir(driverDir, { recursive: true });
      await symlink(`../../../../bus/pci/drivers/${d.driver}`, join(dir, 'driver'));
    }
  }
  return root;
}

/** QEMU's e1000e NIC at 00:03.0. */
export const QEMU_E1000E: PciDevice = {
  address: '0000:00:03.0',
  vendor: '8086',
  device: '10d3',
  subsystemVendor: '8086',
  subsystemDevice: '0000',
  class: '020000',
  driver: 'e1000e',
};

/** QEMU's NVMe controller at 00:04.0. */
export const QEMU_NVME: PciDevice = {
  address: '0000:00:04.0',
  vendor: '1b36',
  device: '0010',
  subsystemVendor: '1af4',
  subsystemDevice: '1100',
  class: '010802',
  driver: 'nvme',
};

/** QEMU q35's usual functions: virtio NIC, e1000e, NVMe, and an xhci USB controller. */
export const QEMU_PCI: readonly PciDevice[] = [
  {
    address: '0000:00:02.0',
    vendor: '1af4',
    device: '1000',
    subsystemVendor: '1af4',
    subsystemDevice: '0001',
    class: '020000',
    driver: 'virtio-pci',
  },
  QEMU_E1000E,
  QEMU_NVME,
  {
    address: '0000:00:1d.0',
    vendor: '8086',
    device: '2934',
    subsystemVendor: '1af4',
    subsystemDevice: '1100',
    class: '0c0300',
    driver: null,
  },
];

/** A symlink at `link` to `target` (both absolute), written relative as sysfs does. */
async function relLink(target: string, link: string): Promise<void> {
  await mkdir(dirname(link), { recursive: true });
  await symlink(relative(dirname(link), target), link);
}

/** A stable locally administered MAC for a fake net device. */
export function fakeMac(name: string): string {
  const h = createHash('sha256').update(name).digest();
  return ['02', ...[h[0], h[1], h[2], h[3], h[4]].map((b) => b!.toString(16).padStart(2, '0'))].join(':');
}

/**
 * Writes `devices` (with the NICs and disks their interfaces name) under `<root>/sys`, behind the
 * xHCI controller at `controller`; returns `root`. Each device's bus is its address's first number.
 */
export async function writeFakeUsb(
  root: string,
  devices: readonly UsbDevice[],
  controller = '0000:00:14.0',
): Promise<string> {
  const sys = join(root, 'sys');
  let scsiHost = 0;
  for (const d of devices) {
    const bus = d.address.split('-')[0]!;
    const real = join(sys, 'devices/pci0000:00', controller, `usb${bus}`, d.address);
    await mkdir(real, { recursive: true });
    const put = (dir: string, name: string, value: string) => writeFile(join(dir, name), `${value}\n`);
    await put(real, 'idVendor', d.vendor);
    await put(real, 'idProduct', d.product);
    await put(real, 'bcdDevice', d.bcdDevice);
    await put(real, 'bDeviceClass', d.class);
    await put(real, 'bDeviceSubClass', d.subClass);
    await put(real, 'bDeviceProtocol', d.protocol);
    await relLink(real, join(sys, 'bus/usb/devices', d.address));
    for (const intf of d.interfaces) {
      const at = join(real, intf.name);
      await mkdir(at, { recursive: true });
      await put(at, 'bInterfaceNumber', intf.number);
      await put(at, 'bInterfaceClass', intf.class);
      await put(at, 'bInterfaceSubClass', intf.subClass);
      await put(at, 'bInterfaceProtocol', intf.protocol);
      await put(at, 'modalias', usbModalias(d, intf));
      await relLink(at, join(sys, 'bus/usb/devices', intf.name));
      if (intf.driver !== null) {
        const driverDir = join(sys, 'bus/usb/drivers', intf.driver);
        await mkdir(driverDir, { recursive: true });
        await relLink(driverDir, join(at, 'driver'));
      }
      for (const name of intf.netDevices) {
        const net = join(at, 'net', name);
        await mkdir(net, { recursive: true });
        await put(net, 'address', fakeMac(name));
        await put(net, 'mtu', '1500');
        await put(net, 'operstate', 'up');
        await relLink(at, join(net, 'device'));
        await relLink(net, join(sys, 'class/net', name));
      }
      for (const name of intf.blockDevices) {
        const host = scsiHost++;
        const scsi = join(at, `host${host}`, `target${host}:0:0`, `${host}:0:0:0`);
        const block = join(scsi, 'block', name);
        await mkdir(block, { recursive: true });
        await put(block, 'size', String(16 * 1024 * 1024 * 2));
        await put(block, 'removable', '1');
        await put(scsi, 'model', 'Fake USB Disk');
        await relLink(scsi, join(block, 'device'));
        await relLink(block, join(sys, 'class/block', name));
        await relLink(block, join(sys, 'block', name));
      }
    }
  }
  return root;
}

const usbDevice = (
  over: Partial<UsbDevice> & Pick<UsbDevice, 'address' | 'vendor' | 'product'>,
): UsbDevice => ({
  bcdDevice: '0100',
  class: '00',
  subClass: '00',
  protocol: '00',
  interfaces: [],
  ...over,
});

/** A Realtek RTL8153 Gigabit adapter in its vendor mode (interface ff/ff/00), r8152 bound. */
export const USB_RTL8153: UsbDevice = usbDevice({
  address: '2-1',
  vendor: '0bda',
  product: '8153',
  bcdDevice: '3000',
  interfaces: [
    {
      name: '2-1:1.0',
      number: '00',
      class: 'ff',
      subClass: 'ff',
      protocol: '00',
      driver: 'r8152',
      netDevices: ['enx00e04c680001'],
      blockDevices: [],
    },
  ],
});

/** An ASIX AX88179 USB 3.0 Gigabit adapter (device and interface ff/ff/00), ax88179_178a bound. */
export const USB_AX88179: UsbDevice = usbDevice({
  address: '2-2',
  vendor: '0b95',
  product: '1790',
  bcdDevice: '0100',
  class: 'ff',
  subClass: 'ff',
  interfaces: [
    {
      name: '2-2:1.0',
      number: '00',
      class: 'ff',
      subClass: 'ff',
      protocol: '00',
      driver: 'ax88179_178a',
      netDevices: ['enx000ec6810002'],
      blockDevices: [],
    },
  ],
});

/** A USB stick (bulk-only mass storage, SCSI), usb-storage bound, its disk sda. */
export const USB_STICK: UsbDevice = usbDevice({
  address: '1-1',
  vendor: '0781',
  product: '5581',
  interfaces: [
    {
      name: '1-1:1.0',
      number: '00',
      class: '08',
      subClass: '06',
      protocol: '50',
      driver: 'usb-storage',
      netDevices: [],
      blockDevices: ['sda'],
    },
  ],
});

/** A keyboard (HID boot interface), usbhid bound: not a class the check looks at by default. */
export const USB_KEYBOARD: UsbDevice = usbDevice({
  address: '1-2',
  vendor: '046d',
  product: 'c31c',
  bcdDevice: '6400',
  interfaces: [
    {
      name: '1-2:1.0',
      number: '00',
      class: '03',
      subClass: '01',
      protocol: '01',
      driver: 'usbhid',
      netDevices: [],
      blockDevices: [],
    },
  ],
});

/** A net device as the kernel shows one: MAC, MTU and operstate. */
export interface FakeNetDevice {
  readonly name: string;
  readonly mac: string;
  readonly mtu?: number;
  readonly operstate?: string;
}

/**
 * Writes a net device below `<root>/sys/<parent>` (`devices/pci0000:00/0000:00:03.0`; with
 * `virtio`, below a `virtio<n>` child as virtio-net has it), its `device` link pointing back up and
 * linked from class/net; with no parent, a virtual device (bridge, veth) with no `device` link
 * under devices/virtual/net. Returns `root`.
 */
export async function writeFakeNet(
  root: string,
  nic: FakeNetDevice,
  parent?: string,
  virtio?: number,
): Promise<string> {
  const sys = join(root, 'sys');
  const owner =
    parent === undefined
      ? undefined
      : join(sys, parent, ...(virtio === undefined ? [] : [`virtio${virtio}`]));
  const dir = owner ? join(owner, 'net', nic.name) : join(sys, 'devices/virtual/net', nic.name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'address'), `${nic.mac}\n`);
  if (nic.mtu !== undefined) await writeFile(join(dir, 'mtu'), `${nic.mtu}\n`);
  if (nic.operstate !== undefined) await writeFile(join(dir, 'operstate'), `${nic.operstate}\n`);
  if (owner) await relLink(owner, join(dir, 'device'));
  await relLink(dir, join(sys, 'class/net', nic.name));
  return root;
}
