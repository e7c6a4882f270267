/**
 * A ReadOnlyFs over a local directory, for reading a large unpacked tree (a kernel package's
 * modules) with the image engine's readers without first building a filesystem image of it.
 */
import { access, lstat, readdir, readFile, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FsNodeType, ReadOnlyFs } from '../../src/image/fs/index.js';

const typeOf = (s: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): FsNodeType =>
  s.isSymbolicLink() ? 'symlink' : s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other';

export function localDirFs(root: string): ReadOnlyFs {
  const at = (path: string) => join(root, path.replace(/\\/g, '/'));
  return {
    kind: 'ext4',
    label: '',
    readFile: async (path) => new Uint8Array(await readFile(at(path))),
    async stat(path) {
      const s = await lstat(at(path));
      const type = typeOf(s);
      return type === 'symlink'
        ? { type, size: s.size, target: await readlink(at(path)) }
        : { type, size: s.size };
    },
    async list(dir) {
      const entries = await readdir(at(dir));
      return Promise.all(
        entries.map(async (name) => ({
          name,
          type: await stat(join(at(dir), name)).then(typeOf, () => 'other' as const),
        })),
      );
    },
    exists: (path) =>
      access(at(path)).then(
        () => true,
        () => false,
      ),
  };
}
