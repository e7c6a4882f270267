/**
 * The node's disk as the layout steps see it: a block device or a regular file standing for one,
 * read and written at byte offsets. The stream step writes through the image engine's disk sink
 * instead; every other step opens the disk, does its few writes, syncs and closes.
 * @module
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { OrchError } from '../../core/errors/index.js';
import { blockDeviceSize } from '../../image/index.js';

/** What the agent knows of its disk. */
export interface DiskRef {
  readonly path: string;
  readonly size: number;
  /** `file`: a virtual edge node's disk image; `device`: real hardware. */
  readonly kind: 'file' | 'device';
}

/** The disk at `path`; a regular file that does not exist (or is empty) is created sparse at `fileSize`. */
export async function probeNodeDisk(
  path: string,
  fileSize?: number,
  sysfsBlockDir = '/sys/class/block',
): Promise<DiskRef> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT' || fileSize === undefined)
      throw diskError(path, 'stat', error);
  }
  if (info?.isBlockDevice())
    return { path, size: await blockDeviceSize(path, sysfsBlockDir), kind: 'device' };
  if (info && !info.isFile())
    throw new OrchError('DISK_NOT_FOUND', `${path} is neither a block device nor a regular file`, {
      details: { path },
    });
  if (!info || info.size === 0) {
    if (fileSize === undefined)
      throw new OrchError(
        'DISK_NOT_FOUND',
        `${path} is an empty file: give --disk-size to use it as a disk`,
        { details: { path } },
      );
    const handle = await open(path, 'a');
    await handle.truncate(fileSize);
    await handle.close();
    return { path, size: fileSize, kind: 'file' };
  }
  return { path, size: info.size, kind: 'file' };
}

/** An open disk: positional reads and writes with TARGET_IO errors naming the operation. */
export class NodeDisk {
  readonly ref: DiskRef;
  readonly #handle: FileHandle;

  private constructor(ref: DiskRef, handle: FileHandle) {
    this.ref = ref;
    this.#handle = handle;
  }

  static async open(ref: DiskRef): Promise<NodeDisk> {
    try {
      return new NodeDisk(ref, await open(ref.path, 'r+'));
    } catch (error) {
      throw diskError(ref.path, 'open', error);
    }
  }

  get size(): number {
    return this.ref.size;
  }

  /** Exactly `length` bytes at `offset` (zeros past a file's end). */
  async read(offset: number, length: number): Promise<Uint8Array> {
    const bytes = new Uint8Array(length);
    try {
      let done = 0;
      while (done < length) {
        const { bytesRead } = await this.#handle.read(bytes, done, length - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return bytes;
    } catch (error) {
      throw diskError(this.ref.path, `read ${length} bytes at ${offset}`, error);
    }
  }

  async write(bytes: Uint8Array, offset: number): Promise<void> {
    if (offset < 0 || offset + bytes.length > this.ref.size) {
      throw new OrchError(
        'TARGET_IO',
        `write of ${bytes.length} bytes at ${offset} lies outside the ${this.ref.size}-byte disk ${this.ref.path}`,
      );
    }
    try {
      for (let done = 0; done < bytes.length;) {
        const { bytesWritten } = await this.#handle.write(bytes, done, bytes.length - done, offset + done);
        done += bytesWritten;
      }
    } catch (error) {
      throw diskError(this.ref.path, `write ${bytes.length} bytes at ${offset}`, error);
    }
  }

  /** Zeros over `[offset, offset + length)` in 1 MiB writes. */
  async zero(offset: number, length: number): Promise<void> {
    const chunk = new Uint8Array(Math.min(length, 1024 * 1024));
    for (let at = offset; at < offset + length; at += chunk.length) {
      await this.write(chunk.subarray(0, Math.min(chunk.length, offset + length - at)), at);
    }
  }

  async sync(): Promise<void> {
    try {
      await this.#handle.sync();
    } catch (error) {
      throw diskError(this.ref.path, 'fsync', error);
    }
  }

  async close(): Promise<void> {
    await this.#handle.close().catch(() => undefined);
  }
}

/** Opens the disk, runs `body`, syncs and closes whatever happens. */
export async function withDisk<T>(ref: DiskRef, body: (disk: NodeDisk) => Promise<T>): Promise<T> {
  const disk = await NodeDisk.open(ref);
  try {
    const result = await body(disk);
    await disk.sync();
    return result;
  } finally {
    await disk.close();
  }
}

function diskError(path: string, operation: string, cause: unknown): OrchError {
  const errno = (cause as { code?: unknown }).code;
  return new OrchError(
    'TARGET_IO',
    `cannot ${operation} ${path}: ${cause instanceof Error ? cause.message : String(cause)}`,
    {
      details: { path, operation, ...(typeof errno === 'string' ? { errno } : {}) },
      cause,
    },
  );
}
