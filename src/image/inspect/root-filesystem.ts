/**
 * @module
 * Finds the root filesystem (the ext4 partition holding /etc/os-release), reads its os-release
 * (links followed: on Ubuntu and EMT it is a relative link to ../usr/lib/os-release) and probes paths.
 */
import { isOrchError } from '../../core/errors/index.js';
import { parseOsRelease, type ReadOnlyFs } from '../fs/index.js';
import type { PartitionFacts } from './image-facts.js';

const ROOT_LABELS = ['rootfs', 'cloudimg-rootfs'];
const OS_RELEASE = '/etc/os-release';
/** os-release is a few hundred bytes; anything far larger is not one. */
const MAX_OS_RELEASE_BYTES = 64 * 1024;

/** The root filesystem found. */
export interface RootFilesystem {
  readonly partition: number;
  readonly fs: ReadOnlyFs;
  readonly osRelease?: Record<string, string>;
}

/** ext4 partitions, labelled root first, then largest first. */
function candidates(partitions: readonly PartitionFacts[]): PartitionFacts[] {
  const rank = (p: PartitionFacts): number =>
    p.label !== undefined && ROOT_LABELS.includes(p.label) ? 0 : 1;
  return partitions.filter((p) => p.fs === 'ext4').sort((a, b) => rank(a) - rank(b) || b.size - a.size);
}

/**
 * The first candidate holding /etc/os-release, else the first candidate (without os-release), else
 * undefined when the image has no readable ext4 partition.
 */
export async function findRootFilesystem(
  partitions: readonly PartitionFacts[],
  filesystems: ReadonlyMap<number, ReadOnlyFs>,
  problems: string[],
): Promise<RootFilesystem | undefined> {
  const ordered = candidates(partitions).filter((p) => filesystems.has(p.number));
  for (const partition of ordered) {
    const fs = filesystems.get(partition.number)!;
    const osRelease = await readOsRelease(fs, partition.number, problems);
    if (osRelease) return { partition: partition.number, fs, osRelease };
  }
  const first = ordered[0];
  return first && { partition: first.number, fs: filesystems.get(first.number)! };
}

async function readOsRelease(
  fs: ReadOnlyFs,
  partition: number,
  problems: string[],
): Promise<Record<string, string> | undefined> {
  try {
    if (!(await fs.exists(OS_RELEASE))) return undefined;
    const bytes = await fs.readFile(OS_RELEASE, { maxBytes: MAX_OS_RELEASE_BYTES });
    return parseOsRelease(new TextDecoder().decode(bytes));
  } catch (error) {
    if (!isOrchError(error)) throw error;
    problems.push(`p${partition}: cannot read ${OS_RELEASE}: ${error.message}`);
    return undefined;
  }
}

/** Whether each path exists in `fs` (links followed); an unreadable path counts as missing. */
export async function probePaths(fs: ReadOnlyFs, paths: readonly string[]): Promise<Record<string, boolean>> {
  const result: Record<string, boolean> = {};
  for (const path of paths) result[path] = await fs.exists(path).catch(() => false);
  return result;
}
