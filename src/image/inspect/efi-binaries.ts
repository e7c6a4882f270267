/**
 * @module
 * Finds the EFI binaries of an image (every `*.efi` under \EFI of each vfat partition, and the
 * kernel of the root filesystem), has the {@link EfiBinaryReader} examine each, then judge the
 * boot chain as a whole (a second stage is verified with what the verified shim trusts).
 */
import { bufferSource, type ReadOnlyFs } from '../fs/index.js';
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
  if (/\/(GRUB|SYSTEMD-BOOT)[^/]*\.EFI$/.test(key)) return 'bootloader';
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

/** A binary found in the image. */
export interface FoundBinary {
  readonly partition: number;
  readonly fs: ReadOnlyFs;
  readonly path: string;
  readonly role: EfiBinaryRole;
}

/** One binary read: its examination, or why it could not be read. */
type Examined<E> = FoundBinary & ({ exam: E; cmdline?: UkiCmdlineFacts } | { failure: string });

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function examineOne<E>(found: FoundBinary, reader: EfiBinaryReader<E>): Promise<Examined<E>> {
  try {
    const bytes = await found.fs.readFile(found.path, { maxBytes: MAX_EFI_BINARY_BYTES });
    const source = bufferSource(bytes);
    const exam = await reader.examine(source);
    if (found.role !== 'uki') return { ...found, exam };
    return { ...found, exam, cmdline: await readCmdline(reader, found, source) };
  } catch (error) {
    return { ...found, failure: message(error) };
  }
}

async function readCmdline<E>(
  reader: EfiBinaryReader<E>,
  { path, partition }: FoundBinary,
  source: ReturnType<typeof bufferSource>,
): Promise<UkiCmdlineFacts> {
  try {
    const cmdline = await reader.ukiCmdline(source);
    return cmdline === undefined
      ? { path, partition, problem: 'no .cmdline section' }
      : { path, partition, cmdline: cmdline.replace(/\0+$/, '').trim() };
  } catch (error) {
    return { path, partition, problem: message(error) };
  }
}

/**
 * Examines every binary, then judges the chain. A binary that cannot be read stays in the facts
 * (unverifiable, with the reason) and its reason is also an inspection problem.
 */
export async function describeEfiBinaries<E>(
  found: readonly FoundBinary[],
  reader: EfiBinaryReader<E>,
  problems: string[],
): Promise<{ binaries: EfiBinaryFacts[]; cmdlines: UkiCmdlineFacts[] }> {
  const examined: Examined<E>[] = [];
  for (const one of found) examined.push(await examineOne(one, reader));
  const readable = examined.filter((e): e is Examined<E> & { exam: E } => 'exam' in e);
  const verdicts = await reader.judge(
    readable.map((e) => ({
      where: `p${e.partition}:${e.path}`,
      folder: `p${e.partition}:${e.path.slice(0, e.path.lastIndexOf('/') + 1).toUpperCase()}`,
      role: e.role,
      exam: e.exam,
    })),
  );
  const binaries: EfiBinaryFacts[] = [];
  const cmdlines: UkiCmdlineFacts[] = [];
  for (const e of examined) {
    const { partition, path, role } = e;
    if ('failure' in e) {
      problems.push(`p${partition}:${path}: ${e.failure}`);
      binaries.push({
        path,
        partition,
        role,
        signed: false,
        signers: [],
        chainsToTrusted: false,
        problem: e.failure,
      });
      if (role === 'uki') cmdlines.push({ path, partition, problem: e.failure });
      continue;
    }
    const verdict = verdicts[readable.indexOf(e)]!;
    binaries.push({ path, partition, role, ...verdict, signers: [...verdict.signers] });
    if (e.cmdline) cmdlines.push(e.cmdline);
  }
  return { binaries, cmdlines };
}
