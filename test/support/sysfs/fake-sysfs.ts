/**
 * A fake /sys tree for the node fact readers: PCI functions as the kernel lays them out
 * (bus/pci/devices/<address>/{vendor,device,subsystem_*,class} and a `driver` link into
 * bus/pci/drivers/<name>). Tests point en-agent's `--sysfs-root`/`root` at it.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PciDevice } from '../../../src/core/workflow/index.js';

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
