/**
 * @module
 * The inventory boot's dump of /sys/bus/pci/devices (inventory-init.sh prints it between
 * `PCIDUMP: BEGIN` and `PCIDUMP: END`), read back from the serial console, and a sysfs tree
 * rebuilt from it for en-agent's `--sys-root`: each file holds the text the VM's kernel gave, the
 * `driver` link names the driver it bound.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The sysfs files the dump carries per function (en-agent's reader reads all but modalias). */
export const PCI_DUMP_FILES = [
  'vendor',
  'device',
  'subsystem_vendor',
  'subsystem_device',
  'class',
  'modalias',
] as const;
export type PciDumpFile = (typeof PCI_DUMP_FILES)[number];

/** One PCI function as the VM's /sys showed it. */
export interface DumpedPciFunction {
  /** `0000:00:02.0` */
  readonly address: string;
  /** The files' text as the kernel wrote it (`0x8086`, `pci:v00008086d…`). */
  readonly files: Readonly<Record<PciDumpFile, string>>;
  /** The bound driver's name, null when none. */
  readonly driver: string | null;
}

const ADDRESS = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/;

/** The other sections of the dump (usb-dump.ts reads them). */
const OTHER_SECTIONS = /^(usb|net|block)\| /;

/** The lines between the markers; throws when the block is absent or cut short. */
export function dumpLines(serial: string): string[] {
  const lines = serial.split('\n').map((l) => l.trimEnd());
  const begin = lines.indexOf('PCIDUMP: BEGIN');
  const end = lines.indexOf('PCIDUMP: END', begin + 1);
  if (begin < 0 || end < 0) throw new Error('the console holds no complete PCIDUMP BEGIN/END block');
  return lines.slice(begin + 1, end);
}

/** Reads the dump from a cleaned serial console; throws when it is absent, cut short or malformed. */
export function readPciDump(serial: string): DumpedPciFunction[] {
  const byAddress = new Map<
    string,
    { files: Partial<Record<PciDumpFile, string>>; driver?: string | null }
  >();
  for (const line of dumpLines(serial)) {
    if (OTHER_SECTIONS.test(line)) continue;
    const match = /^pci\| (\S+) (\S+)(?: (.*))?$/.exec(line);
    if (!match) throw new Error(`not a PCIDUMP line: ${JSON.stringify(line)}`);
    const [, address, name, value = ''] = match as unknown as [string, string, string, string?];
    if (!ADDRESS.test(address)) throw new Error(`not a PCI address: ${JSON.stringify(line)}`);
    const entry = byAddress.get(address) ?? { files: {} };
    byAddress.set(address, entry);
    if (name === 'driver') entry.driver = value === '-' ? null : value;
    else if ((PCI_DUMP_FILES as readonly string[]).includes(name)) entry.files[name as PciDumpFile] = value;
    else throw new Error(`unknown PCIDUMP field: ${JSON.stringify(line)}`);
  }
  return [...byAddress].map(([address, entry]) => {
    const absent = PCI_DUMP_FILES.filter((f) => entry.files[f] === undefined);
    if (absent.length > 0 || entry.driver === undefined)
      throw new Error(
        `PCIDUMP of ${address} lacks ${[...absent, ...(entry.driver === undefined ? ['driver'] : [])].join(', ')}`,
      );
    return { address, files: entry.files as Record<PciDumpFile, string>, driver: entry.driver };
  });
}

/**
 * Writes `functions` under `<root>/sys/bus/pci/devices/<address>/` as the kernel lays them out
 * (`driver` a link into sys/bus/pci/drivers/<name>); returns `root`.
 */
export async function writeSysfsFromDump(
  root: string,
  functions: readonly DumpedPciFunction[],
): Promise<string> {
  for (const fn of functions) {
    const dir = join(root, 'sys/bus/pci/devices', fn.address);
    await mkdir(dir, { recursive: true });
    for (const name of PCI_DUMP_FILES) await writeFile(join(dir, name), `${fn.files[name]}\n`);
    if (fn.driver !== null) {
      await mkdir(join(root, 'sys/bus/pci/drivers', fn.driver), { recursive: true });
      await symlink(`../../../../bus/pci/drivers/${fn.driver}`, join(dir, 'driver'));
    }
  }
  return root;
}
