/**
 * @module
 * The scratch copy of the raw image that inspection reads: a sparse file sink (holes are never
 * written, so it takes only the image's non-zero content), removed afterwards whatever happened.
 */
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
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

/** The name prefix of scratch files of `owner` (one orchd replica): what it sweeps at start. */
export function scratchPrefix(owner: string | undefined): string {
  return owner ? `validate-${owner}-` : 'validate-';
}

/**
 * Opens a new scratch file in `dir`, named so that parallel runs never collide; `owner` (a short
 * tag of the replica) lets that replica find its leftovers after a crash.
 */
export async function openScratchFile(dir: string, owner?: string): Promise<ScratchFile> {
  const path = join(dir, `${scratchPrefix(owner)}${randomBytes(8).toString('hex')}.raw`);
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

/**
 * Removes the scratch files `owner` left in `dir` (a `kill -9` leaves a partial image behind);
 * resolves with how many were removed. Other replicas' files, and other files, are left alone.
 */
export async function sweepScratchLeftovers(dir: string, owner: string): Promise<number> {
  const prefix = scratchPrefix(owner);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  const leftovers = names.filter((name) => name.startsWith(prefix) && /\.raw(\.partial)?$/.test(name));
  await Promise.all(leftovers.map((name) => rm(join(dir, name), { force: true })));
  return leftovers.length;
}
