/**
 * Path resolution shared by every filesystem: components, `.`/`..`, symbolic links inside the
 * image (absolute from the root, relative from the link's directory) with a loop limit.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';
import type { FsDriver, FsNode } from './fs-driver.js';
import { notFound } from './fs-error.js';
import {
  DEFAULT_MAX_FILE_BYTES,
  type DirEntry,
  type FsStat,
  type ReadFileOptions,
  type ReadOnlyFs,
} from './read-only-fs.js';

/** Links followed in one lookup before giving up (Linux's MAXSYMLINKS). */
export const MAX_SYMLINKS = 40;

function components(path: string): string[] {
  return path.split(/[/\\]+/).filter((part) => part !== '' && part !== '.');
}

/**
 * Resolves `path` to a node. Intermediate links are always followed; the last one only when
 * `followLast`. Throws FS_NOT_FOUND for a missing component or a non-directory in the middle,
 * CORRUPT_DATA after {@link MAX_SYMLINKS} links.
 */
export async function resolvePath<N extends FsNode>(
  driver: FsDriver<N>,
  path: string,
  followLast: boolean,
): Promise<N> {
  const root = await driver.root();
  const stack: N[] = [root];
  const pending = components(path);
  let links = 0;
  while (pending.length > 0) {
    const name = pending.shift()!;
    if (name === '..') {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const dir = stack[stack.length - 1]!;
    if (dir.type !== 'dir') throw notFound(path, `a component before '${name}' is not a directory`);
    const node = await lookup(driver, dir, name);
    if (node === undefined) throw notFound(path, `'${name}' does not exist`);
    if (node.type === 'symlink' && (pending.length > 0 || followLast)) {
      if (++links > MAX_SYMLINKS) {
        throw new OrchError('CORRUPT_DATA', `${path}: more than ${MAX_SYMLINKS} symbolic links (a loop?)`, {
          details: { path },
        });
      }
      const target = await driver.readLink(node);
      if (target.startsWith('/')) stack.splice(1);
      pending.unshift(...components(target));
      continue;
    }
    stack.push(node);
  }
  return stack[stack.length - 1]!;
}

async function lookup<N extends FsNode>(driver: FsDriver<N>, dir: N, name: string): Promise<N | undefined> {
  const wanted = driver.caseInsensitive ? name.toUpperCase() : name;
  for (const child of await driver.children(dir)) {
    const candidate = driver.caseInsensitive ? child.name.toUpperCase() : child.name;
    if (candidate === wanted) return child.load();
  }
  return undefined;
}

/** Builds the public {@link ReadOnlyFs} over a driver. */
export function readOnlyFs<N extends FsNode>(driver: FsDriver<N>): ReadOnlyFs {
  return {
    kind: driver.kind,
    label: driver.label,
    ...(driver.uuid === undefined ? {} : { uuid: driver.uuid }),
    async readFile(path: string, options: ReadFileOptions = {}): Promise<Uint8Array> {
      const node = await resolvePath(driver, path, true);
      if (node.type !== 'file')
        throw notFound(path, `is a ${node.type === 'dir' ? 'directory' : node.type}, not a file`);
      const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
      if (node.size > maxBytes) {
        throw new OrchError(
          'FS_FILE_TOO_LARGE',
          `${path}: ${node.size} bytes, more than the ${maxBytes} allowed`,
          {
            details: { path, size: node.size, maxBytes },
          },
        );
      }
      return driver.readFile(node);
    },
    async stat(path: string): Promise<FsStat> {
      const node = await resolvePath(driver, path, false);
      if (node.type !== 'symlink') return { type: node.type, size: node.size };
      return { type: 'symlink', size: node.size, target: await driver.readLink(node) };
    },
    async list(path: string): Promise<DirEntry[]> {
      const node = await resolvePath(driver, path, true);
      if (node.type !== 'dir') throw notFound(path, 'is not a directory');
      return (await driver.children(node)).map(({ name, type }) => ({ name, type }));
    },
    async exists(path: string): Promise<boolean> {
      try {
        await resolvePath(driver, path, true);
        return true;
      } catch (error) {
        if (error instanceof OrchError && error.code === 'FS_NOT_FOUND') return false;
        throw error;
      }
    },
  };
}
