/**
 * @module
 * An {@link ImageSource} over a file on local disk: a cached copy of a hosted image, or an image
 * an operator already has. The pipeline and the validator read it exactly as they read the origin.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { isOrchError, OrchError } from '../../core/errors/index.js';
import type { ImageSource, SourceStats } from './image-source.js';

/** How {@link openFileImageSource} reads. */
export interface FileImageSourceOptions {
  /** Cancels every read: the stream is destroyed and reads reject with ABORTED. */
  readonly signal?: AbortSignal;
  /** Bytes per chunk of `stream()` (default 256 KiB, the HTTPS source's read size). */
  readonly chunkBytes?: number;
}

const DEFAULT_CHUNK_BYTES = 256 * 1024;

/**
 * An image source reading `path`. Nothing is opened until the first read; a missing or unreadable
 * file then fails with SOURCE_IO, a file shorter than a requested range with TRUNCATED, a cancel
 * with ABORTED. Local reads never resume or restart: `stats` counts only the bytes read.
 */
export function openFileImageSource(path: string, options: FileImageSourceOptions = {}): ImageSource {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes <= 0) {
    throw new OrchError('InvalidArgument', `chunkBytes must be a whole number > 0, got ${chunkBytes}`);
  }
  const { signal } = options;
  const stats = { resumes: 0, restarts: 0, bytesReceived: 0 };
  const throwIfAborted = (): void => {
    if (signal?.aborted) throw aborted(path, signal.reason);
  };

  async function* chunks(): AsyncGenerator<Uint8Array> {
    throwIfAborted();
    const file = await openFile(path);
    try {
      for (let offset = 0; ;) {
        throwIfAborted();
        const bytes = await readAt(file, path, offset, chunkBytes);
        if (bytes.byteLength === 0) return;
        offset += bytes.byteLength;
        stats.bytesReceived += bytes.byteLength;
        yield bytes;
      }
    } finally {
      await file.close().catch(() => undefined);
    }
  }

  return {
    get stats(): SourceStats {
      return { ...stats };
    },
    stream(): Readable {
      const readable = Readable.from(chunks(), { objectMode: false });
      if (signal) {
        const onAbort = (): void => void readable.destroy(aborted(path, signal.reason));
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
        readable.once('close', () => signal.removeEventListener('abort', onAbort));
      }
      return readable;
    },
    async readRange(start, length) {
      if (!Number.isSafeInteger(start) || start < 0 || !Number.isSafeInteger(length) || length < 0) {
        throw new OrchError(
          'InvalidArgument',
          `readRange(${start}, ${length}): start and length must be whole numbers >= 0`,
        );
      }
      throwIfAborted();
      if (length === 0) return new Uint8Array(0);
      const file = await openFile(path);
      try {
        const bytes = await readAt(file, path, start, length);
        if (bytes.byteLength !== length) {
          throw new OrchError(
            'TRUNCATED',
            `${path} ends after ${start + bytes.byteLength} bytes; ${length} bytes at ${start} were asked for`,
            { retryable: false, details: { path, start, length, read: bytes.byteLength } },
          );
        }
        return bytes;
      } finally {
        await file.close().catch(() => undefined);
      }
    },
    async size() {
      throwIfAborted();
      const file = await openFile(path);
      try {
        return (await file.stat()).size;
      } catch (error) {
        throw sourceIo(path, 'cannot read the size of', error);
      } finally {
        await file.close().catch(() => undefined);
      }
    },
  };
}

async function openFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    throw sourceIo(path, 'cannot open', error);
  }
}

/** Up to `length` bytes at `offset`; fewer only at the end of the file. */
async function readAt(file: FileHandle, path: string, offset: number, length: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  let done = 0;
  try {
    while (done < length) {
      const { bytesRead } = await file.read(bytes, done, length - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
  } catch (error) {
    if (isOrchError(error)) throw error;
    throw sourceIo(path, `cannot read ${length} bytes at ${offset} of`, error);
  }
  return done === length ? bytes : bytes.subarray(0, done);
}

function sourceIo(path: string, what: string, error: unknown): OrchError {
  const why = error instanceof Error ? error.message : String(error);
  return new OrchError('SOURCE_IO', `${what} the local image ${path}: ${why}`, {
    details: { path },
    cause: error,
  });
}

function aborted(path: string, reason: unknown): OrchError {
  if (isOrchError(reason)) return reason;
  const why = reason instanceof Error ? `: ${reason.message}` : '';
  return new OrchError('ABORTED', `the read of ${path} was cancelled${why}`, { cause: reason });
}
