/**
 * @module
 * The inventory boot: before a node's disk is provisioned, the boot proof's machine (the same QEMU
 * definition and devices, the same firmware with Secure Boot enforced, the same Debian kernel)
 * boots a small disk whose only partition is an ESP holding a signed UKI: that kernel and a
 * busybox initramfs whose /init (inventory-init.sh) loads the storage, network and USB drivers and
 * dumps /sys/bus/pci/devices, /sys/bus/usb/devices and the net and block devices' links on the
 * console. The test side rebuilds a sysfs tree from the dump, so en-agent (`--sys-root`) reports
 * the VM's own PCI functions and USB devices, their ids and bound drivers.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PARTITION_TYPES } from '../../../src/image/gpt/partition-types.js';
import { buildOsImage } from '../../fixtures/os-images/build-os-image.js';
import { cachedFolder, type BootArtefacts } from './boot-artefacts.js';
import { buildInitramfs } from './boot-initramfs.js';
import type { BootResult, BootSession } from './boot-session.js';
import { readPciDump, writeSysfsFromDump, type DumpedPciFunction } from './pci-dump.js';
import { buildUki } from './unified-kernel-image.js';
import { readUsbDump, writeUsbSysfsFromDump, type UsbDump } from './usb-dump.js';

export const INVENTORY_INIT_SCRIPT = new URL('./inventory-init.sh', import.meta.url).pathname;
const CMDLINE = 'console=ttyS0,115200 panic=-1';
const OS_RELEASE = 'NAME="edge-orch inventory"\nID=edge-orch-inventory\n';

/** What the inventory boot found. */
export interface VmPciInventory {
  /** The inventory disk (its machine's devices are the provisioning boot's). */
  readonly disk: string;
  readonly run: BootResult;
  readonly functions: readonly DumpedPciFunction[];
  /** The VM's /sys/bus/usb/devices and its net and block devices' `device` links. */
  readonly usb: UsbDump;
  /** A root whose sys/bus/pci, sys/bus/usb and sys/class are rebuilt from the dump: en-agent's `--sys-root`. */
  readonly sysRoot: string;
}

/** The unsigned inventory UKI, built once per kernel, /init and module list (cached). */
async function inventoryUki(artefacts: BootArtefacts): Promise<string> {
  const { kernel } = artefacts;
  const key = createHash('sha256')
    .update(kernel.packageName)
    .update(kernel.inventoryModuleOrder.join(','))
    .update(await readFile(INVENTORY_INIT_SCRIPT))
    .update(CMDLINE)
    .digest('hex')
    .slice(0, 16);
  const dir = join(artefacts.cacheDir, `inventory-${key}`);
  await cachedFolder(dir, async (stage) => {
    const initrd = join(stage, 'initrd.img');
    await buildInitramfs(kernel, initrd, {
      init: INVENTORY_INIT_SCRIPT,
      modules: kernel.inventoryModuleOrder,
      veritysetup: false,
    });
    await buildUki(
      { kernel: artefacts.kernelUnsigned, initrd, cmdline: CMDLINE, osRelease: OS_RELEASE },
      join(stage, 'inventory.efi'),
    );
  });
  return join(dir, 'inventory.efi');
}

/** A disk whose ESP holds the inventory UKI, signed under db, as the fallback loader. */
export async function buildInventoryDisk(artefacts: BootArtefacts, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const uki = await readFile(await inventoryUki(artefacts));
  return buildOsImage(
    {
      partitions: [
        {
          number: 1,
          name: 'esp',
          typeGuid: PARTITION_TYPES.esp.guid,
          sizeMiB: 40,
          fs: {
            kind: 'vfat',
            label: 'INVENTORY',
            files: { 'EFI/BOOT/BOOTX64.EFI': { efi: uki, signWith: 'signer' } },
          },
        },
      ],
    },
    artefacts.keys,
    dir,
  );
}

/** Boots the inventory disk on the session's machine and rebuilds its sysfs under `dir/sysfs`. */
export async function readVmPciInventory(session: BootSession, dir: string): Promise<VmPciInventory> {
  const disk = await buildInventoryDisk(session.artefacts, join(dir, 'inventory-disk'));
  const run = await session.boot(disk);
  let functions: DumpedPciFunction[];
  let usb: UsbDump;
  try {
    functions = readPciDump(run.serial);
    usb = readUsbDump(run.serial);
  } catch (error) {
    throw new Error(
      `inventory boot (${run.outcome}, ${run.seconds} s): ${(error as Error).message}\n${run.serial.slice(-4000)}\n${run.stderr}`,
    );
  }
  const sysRoot = await writeSysfsFromDump(join(dir, 'sysfs'), functions);
  return { disk, run, functions, usb, sysRoot: await writeUsbSysfsFromDump(sysRoot, usb) };
}
