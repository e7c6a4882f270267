/**
 * The disk writer: streams a raw image's extents to a block device or a regular file, sparse and
 * commit-last. The image's first MiB (protective MBR + primary GPT) and its backup GPT are held
 * back and written only by `commit`, which the pipeline calls after the checksum matched; when
 * the target is larger than the image, the backup GPT is moved to the target's end first (what
 * `sgdisk -e` does). `abort` zeroes the target's first and last MiB, so no partition table remains.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';
import type { Extent } from '../extent.js';
import { GptError } from '../gpt/gpt-error.js';
import type { DeviceZeroing, ZeroOutRunner } from './device-target.js';
import type { DiskTarget } from './disk-target.js';
import { checkExtentOrder } from './extent-order.js';
import { planHeldBack, type HeldBackPlan } from './held-back-plan.js';
import type { ImageSink, SinkReport } from './image-sink.js';
import { probeDiskTarget } from './probe-disk-target.js';
import { SparseWriter } from './sparse-writer.js';
import { targetTooSmall } from './target-errors.js';
import { writeHeldBack } from './write-held-back.js';

/** Bytes held back at the start of every image: protective MBR, GPT header and entries, boot code. */
export const HEAD_BYTES = 1024 * 1024;

/** Options of {@link openDiskSink}. */
export interface DiskSinkOptions {
  /** Known virtual size (e.g. from a qcow2 header): checked against the target at open. */
  readonly imageSize?: number;
  /** Size to give a new or empty regular-file target. */
  readonly fileSize?: number;
  /** Cancels: the next `write`/`commit` rejects with ABORTED (the caller then calls `abort`). */
  readonly signal?: AbortSignal;
  /** How a block device's old content is cleared; default `write-zeros` (see device-target.ts). */
  readonly deviceZeroing?: DeviceZeroing;
  /** Replaces `blkdiscard -z` (tests). */
  readonly zeroOut?: ZeroOutRunner;
  /** Zero-block detection granularity; default 4096. */
  readonly zeroBlockSize?: number;
  /** Largest single write; default 4 MiB. */
  readonly writeBufferSize?: number;
  /**
   * Write the image's body with O_DIRECT where the target allows it (default true): no kernel copy
   * into the page cache and no cache pollution; see target-handle.ts. The held-back regions are
   * always written through the page cache, then fsynced.
   */
  readonly directIo?: boolean;
  /** Clock for `durationMs`; default `Date.now`. */
  readonly now?: () => number;
}

/**
 * What the disk sink reports. `bytesWritten + bytesSkipped === imageSize`: the held-back regions
 * count as written (when relocated, the image's backup GPT is replaced by the one at the target's
 * end), zeros count as skipped only where the target already read as zeros.
 */
export interface DiskSinkReport extends SinkReport {
  readonly targetSize: number;
  /** The backup GPT was moved to the end of a target larger than the image. */
  readonly backupGptRelocated: boolean;
}

/** A sink writing to a disk (or a regular file standing for one). */
export interface DiskSink extends ImageSink<DiskSinkReport> {
  readonly targetSize: number;
}

/**
 * Opens a disk sink on `target` (a block device, or a regular file: existing, or created with
 * `fileSize`). Nothing is written before the image's first MiB has been seen and found to fit.
 * Rejects with TARGET_TOO_SMALL when `imageSize` is given and larger than the target, TARGET_IO
 * when the target cannot be examined.
 */
export async function openDiskSink(target: string, options: DiskSinkOptions = {}): Promise<DiskSink> {
  const probed = await probeDiskTarget(target, {
    ...(options.fileSize === undefined ? {} : { fileSize: options.fileSize }),
    ...(options.deviceZeroing ? { deviceZeroing: options.deviceZeroing } : {}),
    ...(options.zeroOut ? { zeroOut: options.zeroOut } : {}),
    ...(options.directIo === undefined ? {} : { directIo: options.directIo }),
  });
  return createDiskSink(probed, options);
}

/** A disk sink over an already probed target (tests hand in their own {@link DiskTarget}). */
export function createDiskSink(target: DiskTarget, options: DiskSinkOptions = {}): DiskSink {
  if (options.imageSize !== undefined && options.imageSize > target.size) {
    throw targetTooSmall(target.path, options.imageSize, target.size);
  }
  return new DiskImageSink(target, options);
}

class DiskImageSink implements DiskSink {
  readonly #target: DiskTarget;
  readonly #options: DiskSinkOptions;
  readonly #now: () => number;
  readonly #startedAt: number;
  readonly #head: Uint8Array;
  #next = 0;
  #plan: HeldBackPlan | undefined;
  #writer: SparseWriter | undefined;
  #tail: { readonly start: number; readonly bytes: Uint8Array } | undefined;
  #prepared = false;
  #closed = false;
  #committed = false;
  #pending: Promise<unknown> | undefined;
  /** The first I/O, size or GPT error: the sink is unusable after it, every call repeats it. */
  #failed: unknown;

  constructor(target: DiskTarget, options: DiskSinkOptions) {
    this.#target = target;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#startedAt = this.#now();
    this.#head = new Uint8Array(Math.min(HEAD_BYTES, options.imageSize ?? HEAD_BYTES));
  }

  get targetSize(): number {
    return this.#target.size;
  }

  write(extent: Extent): Promise<void> {
    return this.#exclusive(async () => {
      const length = checkExtentOrder(extent, this.#next);
      const end = this.#next + length;
      if (this.#options.imageSize !== undefined && end > this.#options.imageSize) {
        throw new RangeError(
          `extent ends at ${end}, beyond the declared image size ${this.#options.imageSize}`,
        );
      }
      this.#next = end;
      try {
        await this.#route(extent, end);
      } catch (error) {
        this.#failed = error;
        throw error;
      }
    });
  }

  commit(): Promise<DiskSinkReport> {
    return this.#exclusive(async () => {
      try {
        return await this.#commit();
      } catch (error) {
        await this.#cleanup();
        throw error;
      }
    });
  }

  async abort(_reason: unknown): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pending?.catch(() => undefined);
    // A commit that finished meanwhile stands: the image was verified and fully written.
    if (!this.#committed) await this.#cleanup();
  }

  /** Runs one operation at a time, after the closed and cancelled checks. */
  async #exclusive<T>(operation: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new Error('disk sink already committed or aborted');
    if (this.#pending) throw new Error('disk sink calls must not overlap: await each write');
    if (this.#failed !== undefined) throw this.#failed;
    if (this.#options.signal?.aborted) {
      throw new OrchError('ABORTED', `writing ${this.#target.path} was cancelled`, {
        cause: this.#options.signal.reason,
      });
    }
    const pending = operation();
    this.#pending = pending;
    try {
      return await pending;
    } finally {
      this.#pending = undefined;
    }
  }

  /** Sends each part of the extent to the held-back head, the held-back tail or the writer. */
  async #route(extent: Extent, end: number): Promise<void> {
    for (let at = extent.offset; at < end;) {
      const [region, limit] = this.#regionAt(at);
      const stop = Math.min(end, limit);
      const piece =
        extent.kind === 'data' ? extent.data.subarray(at - extent.offset, stop - extent.offset) : undefined;
      if (region === 'head') {
        if (piece) this.#head.set(piece, at);
        if (stop === this.#head.length) await this.#start(this.#head);
      } else if (region === 'tail') {
        if (piece) this.#tail!.bytes.set(piece, at - this.#tail!.start);
      } else {
        if (stop > this.#target.size) throw targetTooSmall(this.#target.path, stop, this.#target.size);
        if (piece) await this.#writer!.data(piece, at);
        else await this.#writer!.hole(at, stop - at);
      }
      at = stop;
    }
  }

  #regionAt(at: number): ['head' | 'tail' | 'body', number] {
    if (at < this.#head.length) return ['head', this.#head.length];
    const tail = this.#tail;
    if (!tail || at >= tail.start + tail.bytes.length) return ['body', Infinity];
    return at < tail.start ? ['body', tail.start] : ['tail', tail.start + tail.bytes.length];
  }

  /** Plans the held-back regions, checks the size, and prepares the target: the first write. */
  async #start(head: Uint8Array): Promise<void> {
    const plan = planHeldBack(head);
    const declared = this.#options.imageSize;
    if (plan.kind === 'gpt' && declared !== undefined && plan.gptDiskSize > declared) {
      throw new GptError(
        `the image's GPT describes a disk of ${plan.gptDiskSize} bytes but the image has ${declared} bytes`,
        {
          field: 'alternateLba',
          expected: `< ${declared / plan.sectorSize}`,
          actual: String(plan.header.alternateLba),
        },
      );
    }
    const needed =
      declared ??
      (plan.kind === 'gpt' ? plan.gptDiskSize : plan.kind === 'mbr' ? plan.minImageSize : head.length);
    if (needed > this.#target.size) throw targetTooSmall(this.#target.path, needed, this.#target.size);
    this.#plan = plan;
    if (plan.kind === 'gpt' && plan.tailEnd > this.#head.length) {
      const start = Math.max(plan.tailStart, this.#head.length);
      this.#tail = { start, bytes: new Uint8Array(plan.tailEnd - start) };
    }
    const skipZeros = await this.#target.prepare(Math.max(needed, head.length));
    this.#prepared = true;
    const aligned = this.#target.writeAligned;
    this.#writer = new SparseWriter((bytes, offset) => this.#target.write(bytes, offset), {
      skipZeros,
      ...(aligned ? { alignedWrite: aligned } : {}),
      ...(this.#options.zeroBlockSize ? { blockSize: this.#options.zeroBlockSize } : {}),
      ...(this.#options.writeBufferSize ? { capacity: this.#options.writeBufferSize } : {}),
    });
  }

  async #commit(): Promise<DiskSinkReport> {
    if (!this.#writer) await this.#start(this.#head.subarray(0, this.#next));
    this.#checkComplete();
    const writer = this.#writer!;
    await writer.flush();
    const head = this.#head.subarray(0, Math.min(this.#head.length, this.#next));
    const held = await writeHeldBack({
      target: this.#target,
      plan: this.#plan!,
      head,
      tail: this.#tail,
      zeroed: writer.skipsZeros,
    });
    await this.#target.close();
    this.#closed = true;
    this.#committed = true;
    return {
      bytesWritten: writer.bytesWritten + held.imageBytes,
      bytesSkipped: writer.bytesSkipped,
      imageSize: this.#next,
      targetSize: this.#target.size,
      backupGptRelocated: held.relocated,
      durationMs: this.#now() - this.#startedAt,
    };
  }

  #checkComplete(): void {
    const declared = this.#options.imageSize;
    if (declared !== undefined && this.#next !== declared) {
      throw new RangeError(
        `extents end at offset ${this.#next} but the image size is ${declared}: the producer stopped early`,
      );
    }
    const plan = this.#plan;
    if (plan?.kind === 'gpt' && this.#next < plan.tailEnd) {
      throw new GptError(
        `the image ends at ${this.#next} bytes but its GPT puts the backup header at ${plan.tailEnd - plan.sectorSize}: the image is truncated`,
        {
          field: 'alternateLba',
          expected: `image of >= ${plan.tailEnd} bytes`,
          actual: `${this.#next} bytes`,
        },
      );
    }
  }

  /** Leaves no partition table: zeroes the target's first and last MiB if anything was written. */
  async #cleanup(): Promise<void> {
    this.#closed = true;
    if (!this.#prepared) return this.#target.close();
    this.#prepared = false;
    const size = this.#target.size;
    const zeros = new Uint8Array(Math.min(HEAD_BYTES, size));
    try {
      await this.#target.write(zeros, 0);
      await this.#target.write(zeros, size - zeros.length);
      await this.#target.sync();
    } finally {
      await this.#target.close();
    }
  }
}
