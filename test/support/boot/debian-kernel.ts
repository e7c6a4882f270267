/**
 * @module
 * A Debian kernel for the boot proof, never installed: the package linux-image-amd64 depends on
 * is fetched with `apt-get download`, unpacked with `dpkg-deb -x`, its module dependencies written
 * by `depmod -b` (the .deb ships no modules.dep), and only the kernel, the modules the early
 * userspaces need and depmod's PCI alias tables (what an image carrying this kernel would hold) are
 * kept in the cache. Debian signs its modules with a key built into the kernel, so they load under
 * the Secure Boot lockdown. Needs apt, dpkg and kmod.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { runTool } from '../../fixtures/disk-image/run-tool.js';
import { moduleLoadOrder } from './module-load-order.js';
import { toolOutput } from './tool-output.js';

/** Modules the early userspace loads: disk, filesystems, EFI variables, dm-verity. */
export const EARLY_MODULES = [
  'virtio_pci',
  'virtio_blk',
  'crc32c_generic',
  'ext4',
  'vfat',
  'nls_cp437',
  'nls_ascii',
  'efivarfs',
  'dm_mod',
  'dm_verity',
] as const;

/**
 * Modules the inventory boot loads, as a provisioning OS would for this machine's storage and
 * network controllers (virtio, q35's AHCI, NVMe, the e1000e NIC) and its USB NIC (the xHCI host
 * controller, then both drivers QEMU's usb-net could take: cdc_ether and rndis_host): each binds
 * to its devices when loaded, so the dump shows the driver the kernel chose.
 */
export const INVENTORY_MODULES = [
  'virtio_pci',
  'virtio_blk',
  'virtio_net',
  'e1000e',
  'ahci',
  'nvme',
  'xhci_pci',
  'cdc_ether',
  'rndis_host',
] as const;

/** The cache folder's layout: a new module list makes a new folder. */
const LAYOUT = createHash('sha256')
  .update(`${EARLY_MODULES.join(',')};${INVENTORY_MODULES.join(',')};alias-tables`)
  .digest('hex')
  .slice(0, 8);

/** A kernel and its early modules, in the cache. */
export interface DebianKernel {
  /** The package, e.g. linux-image-6.1.0-57-amd64. */
  readonly packageName: string;
  /** `uname -r`, e.g. 6.1.0-57-amd64. */
  readonly release: string;
  /** The EFI-stub kernel as Debian ships it (signed by Debian). */
  readonly vmlinuz: string;
  /** Folder of the module files. */
  readonly moduleDir: string;
  /** Module file names in load order. */
  readonly moduleOrder: readonly string[];
  /** The inventory boot's module file names (in moduleDir) in load order. */
  readonly inventoryModuleOrder: readonly string[];
  /** depmod's modules.alias of the whole package, and the package's modules.builtin.modinfo. */
  readonly modulesAlias: string;
  readonly modulesBuiltinModinfo: string;
}

/** The kernel package linux-image-amd64 currently depends on (or `BOOT_PROOF_KERNEL_PACKAGE`). */
export async function currentKernelPackage(): Promise<string> {
  if (process.env.BOOT_PROOF_KERNEL_PACKAGE) return process.env.BOOT_PROOF_KERNEL_PACKAGE;
  const depends = await toolOutput('apt-cache', ['depends', 'linux-image-amd64']);
  const match = /Depends: (linux-image-\d[^\s]*-amd64)\b/.exec(depends);
  if (!match) throw new Error('apt-cache depends linux-image-amd64 names no linux-image-<version>-amd64');
  return match[1]!;
}

/** The kernel of `packageName` under `cacheDir`, fetched and prepared on first use. */
export async function debianKernel(cacheDir: string, packageName: string): Promise<DebianKernel> {
  const release = packageName.replace(/^linux-image-/, '');
  const dir = join(cacheDir, `${packageName}-${LAYOUT}`);
  const kernel: DebianKernel = {
    packageName,
    release,
    vmlinuz: join(dir, `vmlinuz-${release}`),
    moduleDir: join(dir, 'modules'),
    moduleOrder: [],
    inventoryModuleOrder: [],
    modulesAlias: join(dir, 'modules.alias'),
    modulesBuiltinModinfo: join(dir, 'modules.builtin.modinfo'),
  };
  const lines = (text: string) => text.split('\n').filter(Boolean);
  const order = await readFile(join(dir, 'modules.order-to-load'), 'utf8').catch(() => undefined);
  const inventory = await readFile(join(dir, 'modules.inventory-order'), 'utf8').catch(() => undefined);
  if (order !== undefined && inventory !== undefined)
    return { ...kernel, moduleOrder: lines(order), inventoryModuleOrder: lines(inventory) };
  await mkdir(cacheDir, { recursive: true });
  const work = await mkdtemp(join(cacheDir, `.${packageName}-`));
  try {
    await runTool('apt-get', ['download', '-q', packageName], { cwd: work });
    const deb = (await readdir(work)).find((name) => name.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${packageName} wrote no .deb`);
    const tree = join(work, 'tree');
    await runTool('dpkg-deb', ['-x', join(work, deb), tree]);
    await runTool('depmod', ['-b', tree, release]);
    const modules = join(tree, 'lib', 'modules', release);
    const modulesDep = await readFile(join(modules, 'modules.dep'), 'utf8');
    const modulesBuiltin = await readFile(join(modules, 'modules.builtin'), 'utf8');
    const resolved = moduleLoadOrder(EARLY_MODULES, modulesDep, modulesBuiltin);
    const forInventory = moduleLoadOrder(INVENTORY_MODULES, modulesDep, modulesBuiltin);
    const staged = join(work, 'staged');
    await mkdir(join(staged, 'modules'), { recursive: true });
    await copyFile(join(tree, 'boot', `vmlinuz-${release}`), join(staged, `vmlinuz-${release}`));
    for (const file of new Set([...resolved.files, ...forInventory.files]))
      await copyFile(join(modules, file), join(staged, 'modules', basename(file)));
    for (const table of ['modules.alias', 'modules.builtin.modinfo'])
      await copyFile(join(modules, table), join(staged, table));
    const names = resolved.files.map((file) => basename(file));
    const inventoryNames = forInventory.files.map((file) => basename(file));
    await writeFile(join(staged, 'modules.order-to-load'), `${names.join('\n')}\n`);
    await writeFile(join(staged, 'modules.inventory-order'), `${inventoryNames.join('\n')}\n`);
    // Another process may have finished first: its copy is as good as ours.
    await rename(staged, dir).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
    return { ...kernel, moduleOrder: names, inventoryModuleOrder: inventoryNames };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
