/**
 * Finds out what a target path is and how large, without modifying it. Node cannot issue the
 * BLKGETSIZE64 ioctl and `fstat` reports 0 bytes for a block device, so a device's size is read
 * from sysfs: /sys/class/block/<name>/size counts 512-byte units whatever the logical sector size.
 * @module
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { OrchError } from '../../core/errors/index.js';
import { deviceTarget, type DeviceZeroing, type ZeroOutRunner } from './device-target.js';
import type { DiskTarget } from './disk-target.js';
import { fileTarget } from './file-target.js';
import { targetIoError } from './target-errors.js';

/** sysfs reports device sizes in these units. */
const SYSFS_SECTOR = 512;

/** Options of {@link probeDiskTarget}. */
export interface ProbeOptions {
  /** Size to give a new or empty regular file; ignored for non-empty files and devices. */
  readonly fileSize?: number;
  /** How a block device's old content is cleared; default `write-zeros` (see device-target.ts). */
  readonly deviceZeroing?: DeviceZeroing;
  /** Replaces `blkdiscard -z` (tests). */
  readonly zeroOut?: ZeroOutRunner;
  /** Default `/sys/class/block` (tests point it elsewhere). */
  readonly sysfsBlockDir?: string;
  /** Write the image's body with O_DIRECT where the target allows it (default true). */
  readonly directIo?: boolean;
}

/** The target at `path`: a regular file (existing or to create) or a block device. */
export async function probeDiskTarget(path: string, options: ProbeOptions = {}): Promise<DiskTarget> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT' && options.fileSize !== undefined) {
      return fileTarget({ path, size: options.fileSize, create: true, ...direct(options) });
    }
    throw targetIoError('stat', path, error);
  }
  if (info.isFile()) {
    const size = info.size === 0 && options.fileSize !== undefined ? options.fileSize : info.size;
    return fileTarget({ path, size, create: false, ...direct(options) });
  }
  if (info.isBlockDevice()) {
    const size = await blockDeviceSize(path, options.sysfsBlockDir ?? '/sys/class/block');
    return deviceTarget({
      path,
      size,
      ...(options.deviceZeroing ? { zeroing: options.deviceZeroing } : {}),
      ...(options.zeroOut ? { zeroOut: options.zeroOut } : {}),
      ...direct(options),
    });
  }
  throw new OrchError('TARGET_IO', `${path} is neither a regular file nor a block device`, {
    details: { path, operation: 'probe' },
  });
}

const direct = (options: ProbeOptions): { directIo?: boolean } =>
  options.directIo === undefined ? {} : { directIo: options.directIo };

/** Size in bytes of the block device at `path` (symbolic links such as /dev/disk/by-id/* resolved). */
export async function blockDeviceSize(path: string, sysfsBlockDir: string): Promise<number> {
  let sizeFile = path;
  try {
    sizeFile = join(sysfsBlockDir, basename(await realpath(path)), 'size');
    const sectors = Number((await readFile(sizeFile, 'utf8')).trim());
    if (!Number.isSafeInteger(sectors) || sectors < 0) throw new Error(`unexpected content in ${sizeFile}`);
    return sectors * SYSFS_SECTOR;
  } catch (error) {
    throw targetIoError(`read the device size from ${sizeFile} for`, path, error);
  }
}
