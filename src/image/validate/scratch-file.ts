/**
 * @module
 * The scratch copy of the raw image that inspection reads: a sparse file sink (holes are never
 * written, so it takes only the image's non-zero content), removed afterwards whatever happened.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openFileSink, type FileSinkReport } from '../pipeline/file-sink.js';
import type { ImageSink } from '../sink/image-sink.js';

/** A scratch file: its sink for the pipeline, and its removal. */
export interface ScratchFile {
  readonly path: string;
  readonly sink: ImageSink<FileSinkReport>;
  /** Removes the file (and a partial one); safe to call more than once. */
  remove(): Promise<void>;
}

/** Opens a new scratch file in `dir`, named so that parallel runs never collide. */
export async function openScratchFile(dir: string): Promise<ScratchFile> {
  const path = join(dir, `validate-${randomBytes(8).toString('hex')}.raw`);
  const sink = await openFileSink(path);
  return {
    path,
    sink,
    async remove() {
      await rm(path, { force: true });
      await rm(`${path}.partial`, { force: true });
    },
  };
}
