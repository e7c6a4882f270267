/**
 * @module
 * How much of orchd's scratch filesystem validation may use. Validation writes the decoded image
 * sparsely into scratch files; a tenant's image of non-zero bytes takes real space, and several
 * jobs run at once. One budget per orchd process: the bytes all running jobs have written stay
 * under `maxBytes`, and the filesystem keeps `freeFloorBytes` free (checked before a job and as it
 * writes), so the database and the host keep working when scratch fills up.
 */
import { statfs } from 'node:fs/promises';
import { OrchError } from '../../core/errors/index.js';
import type { Extent } from '../extent.js';
import type { ImageSink, SinkReport } from '../sink/image-sink.js';

/** Free bytes of the filesystem holding `dir`. */
export type FreeSpace = (dir: string) => Promise<number>;

export const systemFreeSpace: FreeSpace = async (dir) => {
  const stats = await statfs(dir);
  return Number(stats.bavail) * Number(stats.bsize);
};

export interface ScratchBudgetOptions {
  /** Bytes all running jobs together may have written. */
  readonly maxBytes: number;
  /** Free bytes the scratch filesystem must keep. */
  readonly freeFloorBytes: number;
  /** Re-check the free space after every this many written bytes. Default 64 MiB. */
  readonly checkEveryBytes?: number;
  readonly freeSpace?: FreeSpace;
}

/** The budget shared by the jobs of one process. */
export interface ScratchBudget {
  /** Fails with SCRATCH_SPACE_LOW when the scratch filesystem is already under its floor. */
  checkFree(dir: string): Promise<void>;
  /**
   * `sink` with every written data byte counted against the budget; `release` gives the bytes
   * back once the scratch file is removed.
   */
  track<R extends SinkReport>(sink: ImageSink<R>, dir: string): { sink: ImageSink<R>; release(): void };
  /** Bytes the running jobs hold now. */
  inUse(): number;
}

const MIB = 1024 * 1024;

function spaceLow(message: string, details: Record<string, unknown>): OrchError {
  return new OrchError('SCRATCH_SPACE_LOW', message, { details });
}

export function createScratchBudget(options: ScratchBudgetOptions): ScratchBudget {
  const freeSpace = options.freeSpace ?? systemFreeSpace;
  const checkEvery = options.checkEveryBytes ?? 64 * MIB;
  let inUse = 0;
  const checkFree = async (dir: string): Promise<void> => {
    const free = await freeSpace(dir);
    if (free < options.freeFloorBytes)
      throw spaceLow(
        `the validation scratch filesystem has ${free} bytes free, under orchd's floor of ${options.freeFloorBytes}`,
        {
          free,
          floor: options.freeFloorBytes,
        },
      );
  };
  return {
    checkFree,
    inUse: () => inUse,
    track<R extends SinkReport>(sink: ImageSink<R>, dir: string) {
      let held = 0;
      let sinceCheck = 0;
      const release = (): void => {
        inUse -= held;
        held = 0;
      };
      const tracked: ImageSink<R> = {
        ...(sink.targetSize === undefined ? {} : { targetSize: sink.targetSize }),
        async write(extent: Extent) {
          if (extent.kind === 'data') {
            const bytes = extent.data.byteLength;
            if (inUse + bytes > options.maxBytes)
              throw spaceLow(
                `validations in progress hold ${inUse} bytes of scratch, orchd's budget is ${options.maxBytes}`,
                {
                  inUse,
                  budget: options.maxBytes,
                },
              );
            inUse += bytes;
            held += bytes;
            sinceCheck += bytes;
            if (sinceCheck >= checkEvery) {
              sinceCheck = 0;
              await checkFree(dir);
            }
          }
          await sink.write(extent);
        },
        commit: () => sink.commit(),
        abort: (reason: unknown) => sink.abort(reason),
      };
      return { sink: tracked, release };
    },
  };
}
