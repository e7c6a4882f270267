/**
 * @module
 * Finds the EFI binaries of an image (every `*.efi` under \EFI of each vfat partition, and the
 * kernel of the root filesystem), reads them and asks the {@link EfiBinaryReader} about each.
 */
import type { ReadOnlyFs } from '../fs/index.js';
import type { EfiBinaryReader } from './efi-binary-reader.js';
import type { EfiBinaryFacts, EfiBinaryRole, UkiCmdlineFacts } from './image-facts.js';

/** Largest EFI binary read (UKIs with an initrd run to tens of MiB). */
export const MAX_EFI_BINARY_BYTES = 256 * 1024 * 1024;
/** Bounds of the walk under \EFI, so a hostile ESP cannot make it endless. */
const MAX_DEPTH = 4;
const MAX_BINARIES = 64;

/** Where a binary sits in the boot chain, from its path. */
export function efiRole(path: string): EfiBinaryRole {
  const key = path.toUpperCase();
  if (key === '/EFI/BOOT/BOOTX64.EFI' || /\/SHIM[^/]*\.EFI$/.test(key)) return 'loader';
  if (key.startsWith('/EFI/LINUX/')) return 'uki';
  return 'other';
}

/** Paths of the `*.efi` files under /EFI of a FAT filesystem, depth-first, bounded. */
export async function listEfiPaths(fs: ReadOnlyFs): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || found.length >= MAX_BINARIES) return;
    for (const entry of await fs.list(dir)) {
      const path = `${dir}/${entry.name}`;
      if (entry.type === 'dir') await walk(path, depth + 1);
      else if (entry.type === 'file' && /\.efi$/i.test(entry.name) && found.length < MAX_BINARIES)
        found.push(path);
    }
  };
  if (await fs.exists('/EFI')) await walk('/EFI', 1);
  return found;
}

/** The facts of one binary at `path`; a binary that cannot be read becomes a problem. */
export async function describeEfiBinary(
  fs: ReadOnlyFs,
  partition: number,
  path: string,
  role: EfiBinaryRole,
  reader: EfiBinaryReader,
): Promise<{ binary: EfiBinaryFacts; cmdline?: UkiCmdlineFacts }> {
  const bytes = await fs.readFile(path, { maxBytes: MAX_EFI_BINARY_BYTES });
  const verdict = await reader.verify(bytes);
  const binary: EfiBinaryFacts = {
    path,
    partition,
    role,
    signed: verdict.signed,
    signers: [...verdict.signers],
    chainsToTrusted: verdict.chainsToTrusted,
    ...(verdict.problem === undefined ? {} : { problem: verdict.problem }),
  };
  if (role !== 'uki') return { binary };
  return { binary, cmdline: readCmdline(reader, bytes, path, partition) };
}

function readCmdline(
  reader: EfiBinaryReader,
  bytes: Uint8Array,
  path: string,
  partition: number,
): UkiCmdlineFacts {
  try {
    const cmdline = reader.ukiCmdline(bytes);
    return cmdline === undefined
      ? { path, partition, problem: 'no .cmdline section' }
      : { path, partition, cmdline: cmdline.replace(/\0+$/, '').trim() };
  } catch (error) {
    return { path, partition, problem: error instanceof Error ? error.message : String(error) };
  }
}
