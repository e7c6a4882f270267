/**
 * @module
 * The USB part of the inventory boot's dump (inventory-init.sh): every /sys/bus/usb/devices entry
 * (root hubs, devices, interfaces) with the /sys/devices path it links to, the id and class files
 * it has and its driver, and where /sys/class/net/<if>/device and /sys/class/block/<dev>/device
 * point. The rebuilt tree has the kernel's layout: the entries are folders under sys/devices,
 * sys/bus/usb/devices/<name> and the class `device` entries are links to them, so en-agent's USB
 * reader resolves a net device to its interface as it does on a node.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { dumpLines } from './pci-dump.js';

/** The files the dump carries per entry, when the entry has them (en-agent reads all but modalias). */
export const USB_DUMP_FILES = [
  'idVendor',
  'idProduct',
  'bcdDevice',
  'bDeviceClass',
  'bDeviceSubClass',
  'bDeviceProtocol',
  'bInterfaceNumber',
  'bInterfaceClass',
  'bInterfaceSubClass',
  'bInterfaceProtocol',
  'modalias',
] as const;
export type UsbDumpFile = (typeof USB_DUMP_FILES)[number];

/** One /sys/bus/usb/devices entry as the VM's /sys showed it. */
export interface DumpedUsbEntry {
  /** `usb1`, `1-1`, `1-1:1.0` */
  readonly name: string;
  /** What the entry links to: `/sys/devices/pci0000:00/0000:00:03.0/usb1/1-1`. */
  readonly path: string;
  readonly files: Readonly<Partial<Record<UsbDumpFile, string>>>;
  readonly driver: string | null;
}

/** Where a net or block device's `device` link points (null: no link, a virtual device). */
export interface DumpedClassLink {
  readonly kind: 'net' | 'block';
  readonly name: string;
  readonly device: string | null;
}

export interface UsbDump {
  readonly entries: readonly DumpedUsbEntry[];
  readonly links: readonly DumpedClassLink[];
}

const ENTRY_NAME = /^(usb\d+|\d+-\d+(\.\d+)*(:\d+\.\d+)?)$/;
const CLASS_NAME = /^[A-Za-z0-9_.:-]+$/;
/** A path under /sys/devices, without `.` or `..` parts. */
const DEVICES_PATH = /^\/sys\/devices(\/(?!\.\.?(\/|$))[^/\s]+)+$/;

/** Reads the USB and class-link lines of the dump; throws on a malformed or incomplete one. */
export function readUsbDump(serial: string): UsbDump {
  const entries = new Map<
    string,
    { path?: string; files: Partial<Record<UsbDumpFile, string>>; driver?: string | null }
  >();
  const links: DumpedClassLink[] = [];
  for (const line of dumpLines(serial)) {
    const match = /^(usb|net|block)\| (\S+) (\S+)(?: (.*))?$/.exec(line);
    if (!match) continue;
    const [, section, name, field, value = ''] = match as unknown as [
      string,
      string,
      string,
      string,
      string?,
    ];
    if (section !== 'usb') {
      if (!CLASS_NAME.test(name) || field !== 'device' || (value !== '-' && !DEVICES_PATH.test(value)))
        throw new Error(`not a ${section} link line: ${JSON.stringify(line)}`);
      links.push({ kind: section as 'net' | 'block', name, device: value === '-' ? null : value });
      continue;
    }
    if (!ENTRY_NAME.test(name)) throw new Error(`not a USB entry name: ${JSON.stringify(line)}`);
    const entry = entries.get(name) ?? { files: {} };
    entries.set(name, entry);
    if (field === 'path') {
      if (!DEVICES_PATH.test(value)) throw new Error(`not a /sys/devices path: ${JSON.stringify(line)}`);
      entry.path = value;
    } else if (field === 'driver') entry.driver = value === '-' ? null : value;
    else if ((USB_DUMP_FILES as readonly string[]).includes(field)) entry.files[field as UsbDumpFile] = value;
    else throw new Error(`unknown USB dump field: ${JSON.stringify(line)}`);
  }
  return {
    entries: [...entries].map(([name, entry]) => {
      if (entry.path === undefined || entry.driver === undefined)
        throw new Error(`USB dump of ${name} lacks ${entry.path === undefined ? 'path' : 'driver'}`);
      return { name, path: entry.path, files: entry.files, driver: entry.driver };
    }),
    links,
  };
}

/** A link at `at` to `target`, relative as the kernel's are. */
const relativeLink = async (target: string, at: string): Promise<void> => {
  await mkdir(dirname(at), { recursive: true });
  await symlink(relative(dirname(at), target), at);
};

/** Writes the dump under `root` in the kernel's layout (see the module comment); returns `root`. */
export async function writeUsbSysfsFromDump(root: string, dump: UsbDump): Promise<string> {
  for (const entry of dump.entries) {
    const dir = join(root, entry.path);
    await mkdir(dir, { recursive: true });
    for (const [name, value] of Object.entries(entry.files)) await writeFile(join(dir, name), `${value}\n`);
    await relativeLink(dir, join(root, 'sys/bus/usb/devices', entry.name));
    if (entry.driver !== null) {
      const driver = join(root, 'sys/bus/usb/drivers', entry.driver);
      await mkdir(driver, { recursive: true });
      await relativeLink(driver, join(dir, 'driver'));
    }
  }
  for (const link of dump.links) {
    const dir = join(root, 'sys/class', link.kind, link.name);
    await mkdir(dir, { recursive: true });
    if (link.device === null) continue;
    const target = join(root, link.device);
    await mkdir(target, { recursive: true });
    await relativeLink(target, join(dir, 'device'));
  }
  return root;
}
