/**
 * A regular file as a disk target: sparse, because truncating it to 0 and back to its size makes
 * every byte read as zero, so zero blocks and holes are simply not written.
 * @module
 */
import type { DiskTarget } from './disk-target.js';
import { TargetHandle } from './target-handle.js';

/** How the file is opened at `prepare`: an existing file in place, or created. */
export interface FileTargetOptions {
  readonly path: string;
  /** Size the file has, or is given when new or empty. */
  readonly size: number;
  /** True when the file does not exist yet (it is created only at `prepare`). */
  readonly create: boolean;
  /** Write the body with O_DIRECT where the file system allows it (default true). */
  readonly directIo?: boolean;
}

/** A regular-file target; nothing touches the file before `prepare`. */
export function fileTarget(options: FileTargetOptions): DiskTarget {
  let handle: TargetHandle | undefined;
  const opened = (): TargetHandle => {
    if (!handle) throw new Error(`file target ${options.path} used before prepare()`);
    return handle;
  };
  return {
    path: options.path,
    kind: 'file',
    size: options.size,
    async prepare() {
      handle = await TargetHandle.open(options.path, options.create ? 'w' : 'r+');
      // Truncating to 0 first drops old content, so ranges the sink skips read as zeros.
      await handle.truncate(0);
      await handle.truncate(options.size);
      if (options.directIo ?? true) await handle.enableDirect();
      return true;
    },
    write: (bytes, offset) => opened().write(bytes, offset),
    writeAligned: (bytes, offset) => opened().writeAligned(bytes, offset),
    sync: () => opened().sync(),
    async close() {
      const h = handle;
      handle = undefined;
      await h?.close();
    },
  };
}
