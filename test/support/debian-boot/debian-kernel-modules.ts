/**
 * The module tree of Debian's current kernel package (linux-image-<version>-amd64), as the package
 * ships it: every `.ko` (or `.ko.xz`) and modules.builtin.modinfo, but no modules.alias (depmod
 * writes that when the package is installed). Fetched with `apt-get download` into the shared
 * cache (.tmp/debian-boot) and unpacked once; later runs and offline machines reuse it.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { currentKernelPackage } from '../boot/debian-kernel.js';
import { cachedDebs, debOf, DEBIAN_BOOT_CACHE, unpack } from './debian-boot-artefacts.js';

/** A kernel package's unpacked tree. */
export interface DebianKernelModules {
  /** The unpacked root (holds lib/modules/<release> or usr/lib/modules/<release>). */
  readonly root: string;
  /** `lib/modules/<release>` or `usr/lib/modules/<release>`, relative to root. */
  readonly modulesDir: string;
  readonly release: string;
  readonly deb: string;
}

export async function debianKernelModules(): Promise<DebianKernelModules> {
  await mkdir(DEBIAN_BOOT_CACHE, { recursive: true });
  const name =
    (await currentKernelPackage().catch(() => undefined)) ??
    (await cachedDebs('linux-image-')).at(-1)?.split('_')[0];
  if (name === undefined)
    throw new Error('no Debian kernel package: apt-cache names none and none is cached');
  const deb = await debOf(name);
  const root = await unpack(deb, ['*lib/modules/*'], '.modules');
  for (const base of ['lib/modules', 'usr/lib/modules']) {
    const releases = await readdir(join(root, base)).catch(() => []);
    if (releases[0] !== undefined)
      return { root, modulesDir: `${base}/${releases[0]}`, release: releases[0], deb };
  }
  throw new Error(`${deb} holds no lib/modules/<release>`);
}
