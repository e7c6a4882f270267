/**
 * @module
 * An in-memory {@link ReadOnlyFs} for inspection unit tests: files by absolute path, directories
 * implied by them, links resolved one level (enough for os-release and vmlinuz links).
 * @internal
 */
import { OrchError } from '../../../core/errors/index.js';
import type { DirEntry, ReadOnlyFs } from '../../fs/index.js';

/** Content of a fake file, or `{ link }` for a symbolic link (resolved against its folder). */
export type FakeEntry = string | Uint8Array | { readonly link: string };

/** A fake filesystem holding `entries`. */
export function fakeFs(kind: 'vfat' | 'ext4', label: string, entries: Record<string, FakeEntry>): ReadOnlyFs {
  const resolve = (path: string): string | undefined => {
    const entry = entries[path];
    if (entry === undefined || typeof entry === 'string' || entry instanceof Uint8Array)
      return path in entries ? path : undefined;
    const base = path.slice(0, path.lastIndexOf('/'));
    const parts = `${base}/${entry.link}`.split('/');
    const out: string[] = [];
    for (const part of parts) {
      if (part === '..') out.pop();
      else if (part !== '' && part !== '.') out.push(part);
    }
    return resolve(`/${out.join('/')}`);
  };
  const isDir = (path: string): boolean => Object.keys(entries).some((key) => key.startsWith(`${path}/`));
  return {
    kind,
    label,
    async readFile(path) {
      const real = resolve(path);
      const entry = real === undefined ? undefined : entries[real];
      if (typeof entry === 'string') return new TextEncoder().encode(entry);
      if (entry instanceof Uint8Array) return entry;
      throw new OrchError('FS_NOT_FOUND', `${path}: no such file`);
    },
    async stat(path) {
      if (isDir(path)) return { type: 'dir', size: 0 };
      if (!(path in entries)) throw new OrchError('FS_NOT_FOUND', `${path}: no such file`);
      return { type: 'file', size: 0 };
    },
    async list(dir) {
      const names = new Map<string, DirEntry>();
      for (const key of Object.keys(entries)) {
        if (!key.startsWith(`${dir}/`)) continue;
        const [name, ...rest] = key.slice(dir.length + 1).split('/');
        names.set(name!, { name: name!, type: rest.length > 0 ? 'dir' : 'file' });
      }
      return [...names.values()];
    },
    exists: async (path) => isDir(path) || resolve(path) !== undefined,
  };
}
