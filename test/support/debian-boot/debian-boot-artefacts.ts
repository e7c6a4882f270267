/**
 * @module
 * Debian's real signed boot chain for the Secure Boot tests: shim (signed by Microsoft's UEFI CA),
 * grub and the kernel of the current linux-image-amd64 (signed by Debian's Secure Boot CA, which
 * shim's `.vendor_cert` holds). The packages come from Debian's archive through `apt-get download`
 * (the candidate `apt-cache show` names), are unpacked with dpkg-deb and kept under
 * `.tmp/debian-boot/` (gitignored), so later runs and offline machines reuse them. When apt
 * cannot fetch a newer candidate, an older cached package is used. Each step writes into a
 * temporary folder and renames into place, so parallel test processes never see half a file.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { currentKernelPackage } from '../boot/debian-kernel.js';

const run = promisify(execFile);

/** Where the packages and what they unpack to are kept. */
export const DEBIAN_BOOT_CACHE = join(dirname(fileURLToPath(import.meta.url)), '../../../.tmp/debian-boot');

/** The unpacked binaries and the package versions they came from. */
export interface DebianBootArtefacts {
  /** shimx64.efi.signed */
  readonly shim: string;
  /** grubx64.efi.signed */
  readonly grub: string;
  /** /boot/vmlinuz-<version> */
  readonly kernel: string;
  /** `package=version` of each. */
  readonly packages: readonly string[];
}

/** What a package is: name, version and the .deb file name the archive gives it. */
interface Candidate {
  readonly name: string;
  readonly version: string;
  readonly deb: string;
}

let listsUpdated = false;

/** `apt-cache show` of the candidate; on a machine whose package lists are empty, updates them once (as root). */
async function aptShow(name: string): Promise<string> {
  const show = async (): Promise<string> =>
    (await run('apt-cache', ['show', '--no-all-versions', name]).catch(() => ({ stdout: '' }))).stdout;
  const first = await show();
  if (first !== '' || listsUpdated || process.getuid?.() !== 0) return first;
  listsUpdated = true;
  await run('apt-get', ['update', '-qq']).catch(() => undefined);
  return show();
}

async function candidate(name: string): Promise<Candidate | undefined> {
  const stdout = await aptShow(name);
  const field = (key: string): string | undefined =>
    new RegExp(`^${key}: (.+)$`, 'm').exec(stdout)?.[1]?.trim();
  const version = field('Version');
  const filename = field('Filename');
  if (version === undefined || filename === undefined) return undefined;
  return { name, version, deb: basename(filename) };
}

export async function cachedDebs(name: string): Promise<string[]> {
  const files = existsSync(DEBIAN_BOOT_CACHE) ? await readdir(DEBIAN_BOOT_CACHE) : [];
  return files.filter((f) => f.startsWith(`${name}_`) && f.endsWith('.deb')).sort();
}

/** The .deb of `name` in the cache: the candidate (downloaded when missing), else an older one. */
export async function debOf(name: string): Promise<string> {
  const wanted = await candidate(name);
  if (wanted && !existsSync(join(DEBIAN_BOOT_CACHE, wanted.deb))) {
    const tmp = await mkdtemp(join(DEBIAN_BOOT_CACHE, '.download-'));
    try {
      await run('apt-get', ['download', '-q', `${name}=${wanted.version}`], { cwd: tmp });
      const [got] = await readdir(tmp);
      if (got !== undefined) await rename(join(tmp, got), join(DEBIAN_BOOT_CACHE, got));
    } catch {
      // Offline or the archive moved on: an older cached package still serves.
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  if (wanted && existsSync(join(DEBIAN_BOOT_CACHE, wanted.deb))) return join(DEBIAN_BOOT_CACHE, wanted.deb);
  const older = (await cachedDebs(name)).at(-1);
  if (older === undefined)
    throw new Error(`cannot get ${name}: apt-get download failed and nothing is cached`);
  return join(DEBIAN_BOOT_CACHE, older);
}

/** Unpacks `members` (tar patterns) of a .deb once, into a folder named after it; returns the folder. */
export async function unpack(deb: string, members: readonly string[], suffix = ''): Promise<string> {
  const target = `${deb.replace(/\.deb$/, '')}${suffix}`;
  if (existsSync(target)) return target;
  const tmp = await mkdtemp(join(DEBIAN_BOOT_CACHE, '.unpack-'));
  try {
    // dpkg-deb's data tar piped through tar, so a kernel package unpacks only its vmlinuz.
    const script =
      'deb="$1"; dir="$2"; shift 2; dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir" --wildcards "$@"';
    await run('sh', ['-c', script, 'sh', deb, tmp, ...members]);
    await rename(tmp, target).catch(async (error: NodeJS.ErrnoException) => {
      // Another process unpacked it first.
      if (!existsSync(target)) throw error;
      await rm(tmp, { recursive: true, force: true });
    });
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
  return target;
}

async function versionOf(deb: string): Promise<string> {
  const { stdout } = await run('dpkg-deb', ['-f', deb, 'Package', 'Version']);
  const [pkg, version] = stdout.split('\n').map((l) => l.replace(/^[^:]+: /, ''));
  return `${pkg}=${version}`;
}

let pending: Promise<DebianBootArtefacts> | undefined;

/** Fetches (once per process) and unpacks Debian's signed shim, grub and kernel. */
export function debianBootArtefacts(): Promise<DebianBootArtefacts> {
  pending ??= (async () => {
    await mkdir(DEBIAN_BOOT_CACHE, { recursive: true });
    // The package lists are read (and on an empty machine fetched) before asking for the kernel.
    const shimDebPending = debOf('shim-signed');
    await shimDebPending.catch(() => undefined);
    const kernelName =
      (await currentKernelPackage().catch(() => undefined)) ??
      (await cachedDebs('linux-image-')).at(-1)?.split('_')[0];
    if (kernelName === undefined) throw new Error('apt-cache names no kernel for linux-image-amd64');
    const [shimDeb, grubDeb, kernelDeb] = await Promise.all([
      shimDebPending,
      debOf('grub-efi-amd64-signed'),
      debOf(kernelName),
    ]);
    const [shimDir, grubDir, kernelDir] = await Promise.all([
      unpack(shimDeb, ['./usr/lib/shim/shimx64.efi.signed']),
      unpack(grubDeb, ['./usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed']),
      unpack(kernelDeb, ['./boot/vmlinuz-*']),
    ]);
    const kernels = await readdir(join(kernelDir, 'boot'));
    return {
      shim: join(shimDir, 'usr/lib/shim/shimx64.efi.signed'),
      grub: join(grubDir, 'usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed'),
      kernel: join(
        kernelDir,
        'boot',
        kernels.find((k) => k.startsWith('vmlinuz-'))!,
      ),
      packages: await Promise.all([shimDeb, grubDeb, kernelDeb].map(versionOf)),
    };
  })();
  return pending;
}
