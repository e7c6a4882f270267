/**
 * An open target file descriptor with whole-buffer positional writes and TARGET_IO errors.
 * @module
 */
import { open, type FileHandle } from 'node:fs/promises';
import { targetIoError } from './target-errors.js';

/** Largest zero buffer used to clear ranges. */
const ZERO_CHUNK = 1024 * 1024;

/** A file handle on the target; every failure becomes TARGET_IO naming the path and errno. */
export class TargetHandle {
  readonly #handle: FileHandle;
  readonly #path: string;
  #zeros: Uint8Array | undefined;

  private constructor(handle: FileHandle, path: string) {
    this.#handle = handle;
    this.#path = path;
  }

  /** Opens `path` with `flags` (`r+` for an existing target, `w` to create a file, or numeric flags). */
  static async open(path: string, flags: string | number): Promise<TargetHandle> {
    try {
      return new TargetHandle(await open(path, flags), path);
    } catch (error) {
      throw targetIoError('open', path, error);
    }
  }

  /** pwrite of all of `bytes` at `offset`, looping over short writes. */
  async write(bytes: Uint8Array, offset: number): Promise<void> {
    try {
      for (let done = 0; done < bytes.byteLength;) {
        const { bytesWritten } = await this.#handle.write(
          bytes,
          done,
          bytes.byteLength - done,
          offset + done,
        );
        if (bytesWritten === 0) throw new Error(`wrote 0 bytes at offset ${offset + done}`);
        done += bytesWritten;
      }
    } catch (error) {
      throw targetIoError(`write ${bytes.byteLength} bytes at offset ${offset} of`, this.#path, error);
    }
  }

  /** Writes zeros over `[offset, offset + length)`. */
  async zero(offset: number, length: number): Promise<void> {
    this.#zeros ??= new Uint8Array(ZERO_CHUNK);
    for (let at = offset; at < offset + length; at += ZERO_CHUNK) {
      await this.write(this.#zeros.subarray(0, Math.min(ZERO_CHUNK, offset + length - at)), at);
    }
  }

  /** Sets the file length (regular files only). */
  async truncate(length: number): Promise<void> {
    try {
      await this.#handle.truncate(length);
    } catch (error) {
      throw targetIoError(`truncate to ${length} bytes`, this.#path, error);
    }
  }

  /** fsync. */
  async sync(): Promise<void> {
    try {
      await this.#handle.sync();
    } catch (error) {
      throw targetIoError('fsync', this.#path, error);
    }
  }

  /** Closes the descriptor. */
  async close(): Promise<void> {
    try {
      await this.#handle.close();
    } catch (error) {
      throw targetIoError('close', this.#path, error);
    }
  }
}
