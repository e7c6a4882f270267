/**
 * The node's PCI functions as the provisioning OS sees them: /sys/bus/pci/devices/<address>/
 * `vendor`, `device`, `subsystem_vendor`, `subsystem_device`, `class` (hex with `0x`) and the
 * `driver` link (to /sys/bus/pci/drivers/<name>) when a driver is bound. What the driver check
 * matches against the image's alias table, and what orchd keeps with the host.
 * @module
 */
import { readdir, readFile, readlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { PciDevice } from '../../core/workflow/index.js';

/** More functions than this is not a node's bus (a large server has a few hundred). */
const MAX_DEVICES = 512;

const hexField = async (dir: string, name: string, digits: number): Promise<string> => {
  const text = await readFile(join(dir, name), 'utf8').catch(() => '');
  const hex = text.trim().replace(/^0x/i, '').toLowerCase();
  return /^[0-9a-f]+$/.test(hex) ? hex.padStart(digits, '0').slice(-digits) : '';
};

/**
 * Every PCI function under `<root>/sys/bus/pci/devices`, sorted by address; [] when there is no
 * such directory (a container, a non-PCI board). A function without vendor or device id is skipped.
 */
export async function readPciDevices(root = '/'): Promise<PciDevice[]> {
  const dir = join(root, 'sys/bus/pci/devices');
  const devices: PciDevice[] = [];
  const addresses = (await readdir(dir).catch(() => [])).sort().slice(0, MAX_DEVICES);
  for (const address of addresses) {
    const at = join(dir, address);
    const vendor = await hexField(at, 'vendor', 4);
    const device = await hexField(at, 'device', 4);
    if (vendor === '' || device === '') continue;
    const driver = await readlink(join(at, 'driver')).then(
      (link) => basename(link),
      () => null,
    );
    devices.push({
      address,
      vendor,
      device,
      subsystemVendor: await hexField(at, 'subsystem_vendor', 4),
      subsystemDevice: await hexField(at, 'subsystem_device', 4),
      class: await hexField(at, 'class', 6),
      driver,
    });
  }
  return devices;
}
