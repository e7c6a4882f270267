/**
 * A block device as a disk target. Node has no BLKZEROOUT/BLKDISCARD ioctls, so by default the
 * device's old content is overwritten with zeros wherever the image has zeros (`write-zeros`);
 * with `zeroout` the sink first runs `blkdiscard -z` (util-linux) over the image's range, which the
 * kernel turns into WRITE ZEROES or an explicit zero fill, and zero blocks are then skipped.
 * The first and last MiB are always zeroed first, so no old operating system can boot afterwards.
 * @module
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import type { DiskTarget } from './disk-target.js';
import { targetIoError } from './target-errors.js';
import { TargetHandle } from './target-handle.js';

const MIB = 1024 * 1024;

/** How a device's old content is dealt with. */
export type DeviceZeroing = 'write-zeros' | 'zeroout';

/** Runs `blkdiscard -z -o offset -l length path`; injectable for tests. */
export type ZeroOutRunner = (path: string, offset: number, length: number) => Promise<void>;

/** Options of {@link deviceTarget}. */
export interface DeviceTargetOptions {
  readonly path: string;
  /** Device size in bytes (from sysfs). */
  readonly size: number;
  /** Default `write-zeros`. */
  readonly zeroing?: DeviceZeroing;
  /** Default: the util-linux `blkdiscard` binary. */
  readonly zeroOut?: ZeroOutRunner;
  /** Write the body with O_DIRECT (default true). */
  readonly directIo?: boolean;
}

/** `blkdiscard -z` over a byte range (offset and length multiples of the logical sector). */
export const blkdiscardZeroOut: ZeroOutRunner = (path, offset, length) =>
  new Promise((resolve, reject) => {
    const args = ['-z', '-o', String(offset), '-l', String(length), path];
    execFile('blkdiscard', args, { timeout: 3_600_000 }, (error, _stdout, stderr) =>
      error ? reject(targetIoError(`zero out (blkdiscard -z: ${stderr.trim()})`, path, error)) : resolve(),
    );
  });

/** A block-device target; nothing touches the device before `prepare`. */
export function deviceTarget(options: DeviceTargetOptions): DiskTarget {
  let handle: TargetHandle | undefined;
  const opened = (): TargetHandle => {
    if (!handle) throw new Error(`device target ${options.path} used before prepare()`);
    return handle;
  };
  const { path, size } = options;
  return {
    path,
    kind: 'device',
    size,
    async prepare(imageSize) {
      // blkdiscard opens the device exclusively too, so it runs before our own exclusive open.
      if (options.zeroing === 'zeroout') {
        const length = Math.ceil(imageSize / 4096) * 4096;
        await (options.zeroOut ?? blkdiscardZeroOut)(path, 0, Math.min(length, size));
      }
      // O_EXCL on a block device fails with EBUSY while it is mounted or otherwise claimed.
      handle = await TargetHandle.open(path, constants.O_RDWR | constants.O_EXCL);
      await handle.zero(0, Math.min(MIB, size));
      await handle.zero(Math.max(0, size - MIB), Math.min(MIB, size));
      await handle.sync();
      if (options.directIo ?? true) await handle.enableDirect();
      return options.zeroing === 'zeroout';
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
