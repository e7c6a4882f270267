/**
 * The node's network interfaces as the provisioning OS sees them: /sys/class/net/<if>/ `address`,
 * `mtu`, `operstate` and the `device` link. Only interfaces with a `device` link are NICs: `lo`,
 * bridges, bonds, veth and tun have none. The link's resolved path says where the NIC sits: the
 * last USB interface component (`2-1:1.0`) makes it a USB NIC of device `2-1`, else the last PCI
 * address (`0000:00:03.0`, also the parent of a virtio-net's `virtio0`) a PCI one. These are the
 * EMF hostNics the agent reports, on hardware and for a virtual node given a sysfs root.
 * @module
 */
import { readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { NodeNic } from '../../core/workflow/index.js';

/** Entries of /sys/class/net looked at; the API keeps at most 64 NICs. */
const MAX_ENTRIES = 1024;
const MAX_NICS = 64;

const PCI_ADDRESS = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/;
const USB_INTERFACE = /^(\d+-\d+(?:\.\d+)*):\d+\.\d+$/;
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

const text = (path: string): Promise<string | undefined> =>
  readFile(path, 'utf8').then(
    (t) => t.trim(),
    () => undefined,
  );

/** Where the resolved `device` link sits: a USB device's port path or a PCI address, nearest first. */
export function busAddress(devicePath: string): Pick<NodeNic, 'pciAddress' | 'usbAddress'> {
  for (const part of devicePath.split('/').reverse()) {
    const usb = USB_INTERFACE.exec(part)?.[1];
    if (usb !== undefined) return { usbAddress: usb };
    if (PCI_ADDRESS.test(part)) return { pciAddress: part };
  }
  return {};
}

/**
 * The physical NICs under `<root>/sys/class/net`, sorted by name, MACs lower-cased; [] when there
 * is no such directory. Skipped: no `device` link (virtual), no usable MAC (all zeros, not
 * Ethernet-shaped such as InfiniBand's 20 bytes).
 */
export async function readNetDevices(root = '/'): Promise<NodeNic[]> {
  const dir = join(root, 'sys/class/net');
  const names = (await readdir(dir).catch(() => [] as string[])).sort().slice(0, MAX_ENTRIES);
  const nics: NodeNic[] = [];
  for (const name of names) {
    if (nics.length === MAX_NICS) break;
    const at = join(dir, name);
    const link = await readlink(join(at, 'device')).catch(() => undefined);
    // A link into a part of the tree that is missing (a partial copy) still places the NIC by its text.
    const device = link && (await realpath(join(at, 'device')).catch(() => resolve(at, link)));
    const mac = (await text(join(at, 'address')))?.toLowerCase();
    if (!device || !mac || !MAC.test(mac) || mac === '00:00:00:00:00:00') continue;
    const mtu = Number(await text(join(at, 'mtu')));
    const operState = await text(join(at, 'operstate'));
    nics.push({
      name,
      mac,
      ...busAddress(device),
      ...(Number.isInteger(mtu) && mtu > 0 ? { mtu } : {}),
      ...(operState && /^[a-z]{1,16}$/.test(operState) ? { operState } : {}),
    });
  }
  return nics;
}
