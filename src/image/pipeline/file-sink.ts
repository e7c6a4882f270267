import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { OrchError } from '../../core/errors/index.js';
import type { ImageSink, SinkReport } from '../sink/image-sink.js';

/** What a {@link openFileSink} wrote. */
export interface FileSinkReport extends SinkReport {
  /** Where the verified image now is. */
  readonly path: string;
}

/**
 * A sink that writes the raw image to a regular file (the image cache): extents go to
 * `<path>.partial`, holes stay sparse, and only `commit` (after the checksum matched) fsyncs and
 * renames it to `path`, so a reader of `path` never sees a half-written or unverified image.
 * `abort` removes the partial file.
 */
export async function openFileSink(
  path: string,
  now: () => number = () => performance.now(),
): Promise<ImageSink<FileSinkReport>> {
  const started = now();
  const partial = `${path}.partial`;
  const file = await ioStep(partial, 'open', () => open(partial, 'w'));
  const counts = { imageSize: 0, bytesWritten: 0, bytesSkipped: 0 };
  let closed = false;
  const close = async (handle: FileHandle): Promise<void> => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return {
    async write(extent) {
      if (extent.kind === 'data') {
        await ioStep(partial, 'write', () => writeAll(file, extent.data, extent.offset));
        counts.bytesWritten += extent.data.byteLength;
        counts.imageSize = extent.offset + extent.data.byteLength;
      } else {
        counts.bytesSkipped += extent.length;
        counts.imageSize = extent.offset + extent.length;
      }
    },
    async commit() {
      await ioStep(partial, 'commit', async () => {
        await file.truncate(counts.imageSize); // a trailing hole still sets the size
        await file.sync();
        await close(file);
        await rename(partial, path);
      });
      return { path, ...counts, durationMs: now() - started };
    },
    async abort() {
      await close(file).catch(() => undefined);
      await rm(partial, { force: true });
    },
  };
}

async function writeAll(file: FileHandle, data: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < data.byteLength;) {
    const { bytesWritten } = await file.write(data, done, data.byteLength - done, position + done);
    done += bytesWritten;
  }
}

async function ioStep<T>(path: string, step: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new OrchError('TARGET_IO', `Cannot ${step} ${path}: ${(error as Error).message}`, {
      details: { path, step },
      cause: error,
    });
  }
}
