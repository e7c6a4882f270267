/**
 * The node's facts read from the provisioning OS: SMBIOS identity (/sys/class/dmi/id), the
 * SecureBoot EFI variable, NICs (/sys/class/net, physical ones: read-net-devices.ts), RAM
 * (/proc/meminfo), TPM (/dev/tpmrm0), PCI functions and their drivers (/sys/bus/pci/devices), USB devices, their
 * interfaces, drivers and the NICs and disks on them (/sys/bus/usb/devices), disks (/sys/block).
 * A `root` prefix lets tests point at a fake tree.
 * @module
 */
import { access, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeInventory } from '../../core/workflow/index.js';
import type { NodeFacts } from './node-facts.js';
import { readNetDevices } from './read-net-devices.js';
import { readPciDevices } from './read-pci-devices.js';
import { readUsbDevices } from './read-usb-devices.js';

/** The EFI global variable GUID: SecureBoot-<guid> holds 4 attribute bytes and one value byte. */
const SECURE_BOOT_VAR = 'sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c';

/** A disk the node has, as /sys/block describes it. */
export interface BlockDisk {
  readonly name: string;
  readonly sizeBytes: number;
  readonly removable: boolean;
  readonly model?: string;
}

const text = (path: string): Promise<string | undefined> =>
  readFile(path, 'utf8').then(
    (t) => t.trim(),
    () => undefined,
  );
const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/** Reads every fact; missing files become nulls or empty lists, never errors. */
export async function readNodeFacts(
  root = '/',
): Promise<NodeFacts & { readonly disks: readonly BlockDisk[] }> {
  const dmi = (name: string) => text(join(root, 'sys/class/dmi/id', name));
  const uefi = await exists(join(root, 'sys/firmware/efi'));
  const sb = await readFile(join(root, SECURE_BOOT_VAR)).catch(() => undefined);
  const nics = await readNetDevices(root);
  const mem = /MemTotal:\s+(\d+) kB/.exec((await text(join(root, 'proc/meminfo'))) ?? '');
  const ramBytes = mem ? Number(mem[1]) * 1024 : null;
  const disks = await readDisks(root);
  const pciDevices = await readPciDevices(root);
  const usbDevices = await readUsbDevices(root);
  const inventory: NodeInventory = {
    nics,
    storages: disks.map((d) => ({
      name: d.name,
      sizeBytes: d.sizeBytes,
      removable: d.removable,
      ...(d.model ? { model: d.model } : {}),
    })),
    pciDevices,
    usbDevices,
    ...(ramBytes === null ? {} : { ramBytes }),
    secureBoot: sb !== undefined && sb[4] === 1,
  };
  return {
    uuid: ((await dmi('product_uuid')) ?? '').toLowerCase(),
    serialNumber: (await dmi('product_serial')) ?? '',
    secureBoot: uefi ? sb !== undefined && sb[4] === 1 : null,
    uefi,
    tpm: await exists(join(root, 'dev/tpmrm0')),
    macs: nics.map((n) => n.mac),
    ramBytes,
    inventory,
    disks,
  };
}

async function readDisks(root: string): Promise<BlockDisk[]> {
  const dir = join(root, 'sys/block');
  const disks: BlockDisk[] = [];
  for (const name of await readdir(dir).catch(() => [])) {
    if (/^(loop|ram|zram|dm-|md|sr|fd)/.test(name)) continue;
    const sectors = Number(await text(join(dir, name, 'size')));
    if (!Number.isFinite(sectors) || sectors <= 0) continue;
    const model = await text(join(dir, name, 'device/model'));
    disks.push({
      name,
      sizeBytes: sectors * 512,
      removable: (await text(join(dir, name, 'removable'))) === '1',
      ...(model ? { model } : {}),
    });
  }
  return disks;
}
