/**
 * The kernels of an image and what each can drive. Kernels are found as module trees
 * (/lib/modules/<ver> and /usr/lib/modules/<ver> of the root filesystem), as kernel images
 * (/boot/vmlinuz* of the root, /vmlinuz* of a separate /boot ext4) and as EMT UKIs (their
 * `.uname`, else the `.linux` section's bzImage header: the UKI's kernel is the one that boots,
 * its modules live in the root filesystem). Each version's table is modules.alias when depmod
 * wrote one, else every module's `.modinfo`; plus modules.builtin.alias (or .modinfo).
 * @module
 */
import { isOrchError } from '../../../core/errors/index.js';
import { DRIVER_TABLE_BUSES, MAX_KERNELS, type KernelDrivers } from '../../../core/drivers/index.js';
import { decodePe, readSection } from '../../authenticode/pe-file.js';
import { bufferSource, type ReadOnlyFs } from '../../fs/index.js';
import { MAX_EFI_BINARY_BYTES } from '../efi-binaries.js';
import { bzImageVersion, versionFromName } from './kernel-version.js';
import { readModuleTree } from './read-module-tree.js';

/** Module tree roots, in order (on merged-/usr systems both name the same directories). */
const MODULE_ROOTS = ['/lib/modules', '/usr/lib/modules'];
const MAX_KERNEL_IMAGE_BYTES = 128 * 1024 * 1024;

/** Where to look. */
export interface KernelDriverSources {
  readonly filesystems: ReadonlyMap<number, ReadOnlyFs>;
  readonly root: { readonly partition: number; readonly fs: ReadOnlyFs } | undefined;
  /** UKIs found under \EFI\Linux (and a fallback loader that is one). */
  readonly ukis: readonly { readonly partition: number; readonly fs: ReadOnlyFs; readonly path: string }[];
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Every kernel found, sorted by version; unreadable pieces become `problems`. */
export async function readKernelDrivers(
  sources: KernelDriverSources,
  problems: string[],
): Promise<KernelDrivers[]> {
  const where = new Map<string, string[]>();
  const note = (version: string, at: string) => {
    const list = where.get(version) ?? [];
    if (!list.includes(at)) list.push(at);
    where.set(version, list);
  };
  const trees = new Map<string, string>();
  const { root } = sources;
  if (root) {
    for (const base of MODULE_ROOTS) {
      for (const entry of await listDirs(root.fs, base)) {
        if (!trees.has(entry)) trees.set(entry, `${base}/${entry}`);
        note(entry, `p${root.partition}:${base}/${entry}`);
      }
    }
    for (const found of await kernelImages(sources, problems)) note(found.version, found.where);
  }
  for (const uki of sources.ukis) {
    const version = await ukiVersion(uki.fs, uki.path).catch((error: unknown) => {
      problems.push(`p${uki.partition}:${uki.path}: cannot read the kernel version: ${message(error)}`);
      return undefined;
    });
    if (version) note(version, `p${uki.partition}:${uki.path}`);
  }
  const versions = [...where.keys()].sort().slice(0, MAX_KERNELS);
  const kernels: KernelDrivers[] = [];
  for (const version of versions) {
    const dir = trees.get(version);
    const table =
      dir && root
        ? await readModuleTree(root.fs, dir, problems, `p${root.partition}:${dir}`)
        : {
            source: 'none' as const,
            builtinSource: null,
            modules: [],
            aliasCount: 0,
            truncated: false,
            buses: [...DRIVER_TABLE_BUSES],
          };
    kernels.push({ version, where: where.get(version)!, ...table });
  }
  return kernels;
}

async function listDirs(fs: ReadOnlyFs, dir: string): Promise<string[]> {
  if (!(await fs.exists(dir).catch(() => false))) return [];
  const entries = await fs.list(dir).catch(() => []);
  return entries.filter((e) => e.type === 'dir').map((e) => e.name);
}

/** Kernel images of the root's /boot and of other ext4 partitions (a separate /boot). */
async function kernelImages(
  sources: KernelDriverSources,
  problems: string[],
): Promise<{ version: string; where: string }[]> {
  const found: { version: string; where: string }[] = [];
  for (const [partition, fs] of sources.filesystems) {
    if (fs.kind !== 'ext4') continue;
    const dir = partition === sources.root?.partition ? '/boot' : '/';
    const entries = await fs.list(dir).catch(() => []);
    for (const entry of entries) {
      if (!/^vmlinuz/.test(entry.name) || entry.type === 'dir') continue;
      const path = `${dir === '/' ? '' : dir}/${entry.name}`;
      let version = versionFromName(entry.name);
      if (!version) {
        version = await fs
          .readFile(path, { maxBytes: MAX_KERNEL_IMAGE_BYTES })
          .then(bzImageVersion)
          .catch((error: unknown) => {
            if (!isOrchError(error)) throw error;
            problems.push(`p${partition}:${path}: ${error.message}`);
            return undefined;
          });
      }
      if (version) found.push({ version, where: `p${partition}:${path}` });
    }
  }
  return found;
}

/** A UKI's kernel version: `.uname`, else the bzImage header of `.linux`. */
async function ukiVersion(fs: ReadOnlyFs, path: string): Promise<string | undefined> {
  const source = bufferSource(await fs.readFile(path, { maxBytes: MAX_EFI_BINARY_BYTES }));
  const pe = await decodePe(source);
  const uname = await readSection(source, pe, '.uname', 4096);
  if (uname) {
    const text = new TextDecoder().decode(uname).replace(/\0+$/, '').trim();
    if (text) return text;
  }
  const linux = await readSection(source, pe, '.linux', MAX_EFI_BINARY_BYTES);
  return linux && bzImageVersion(linux);
}
