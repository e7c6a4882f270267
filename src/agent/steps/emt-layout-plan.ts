/**
 * The EMT (IMMUTABLE, dm-verity) disk layout of EMF, as sizes and places (pure):
 * 1 ESP (kept) · 2 rootfs A (start kept, exactly 4096 MiB) · 3 `edge_persistent` (the rest) ·
 * 4 `hashmap_a` 100 MiB · 5 `hashmap_b` 100 MiB · 6 `rootfs_b` 4096 MiB · 7 `roothash` 50 MiB ·
 * 8 `swap` sqrt(RAM GiB) GiB · 9 `reserved` 5120 MiB (3072 on disks of 110 GiB or less) ·
 * 10 `lvm` (optional). On the disk they follow rootfs A in the order 4, 5, 6, 7, 8, 9, 10, 3 so
 * that `edge_persistent` takes what is left before the CIDATA seed's room at the end.
 * Disks under 32 GiB are refused.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';
import { CIDATA_RESERVE_MIB } from '../../core/workflow/index.js';
import { PARTITION_TYPES, usableRange } from '../../image/index.js';
import { alignDown, alignUp, MIB, SECTOR } from '../disk/disk-partitions.js';

const GIB = 1024 * MIB;
/** EMF's fixed rootfs A (and B) size. */
export const EMT_ROOTFS_MIB = 4096;
/** EMF refuses smaller disks. */
export const EMT_MIN_DISK_BYTES = 32 * GIB;
/** At or below this size the reserved partition shrinks to 3072 MiB. */
export const EMT_SMALL_DISK_BYTES = 110 * GIB;
/** The smallest `edge_persistent` the layout accepts. */
const MIN_PERSISTENT_MIB = 1024;

/** One planned partition. */
export interface EmtPartitionPlan {
  readonly number: number;
  readonly name: string;
  readonly typeGuid: string;
  readonly firstLba: bigint;
  readonly lastLba: bigint;
}

/** Input of {@link planEmtLayout}. */
export interface EmtLayoutInput {
  readonly diskSize: number;
  /** First LBA of rootfs A in the image (kept). */
  readonly rootfsFirstLba: bigint;
  readonly rootfsPartition: number;
  readonly persistentPartition: number;
  readonly lvmSizeGiB: number;
  readonly ramGiB: number | null;
}

/** The planned partitions, rootfs A included, in disk order. */
export interface EmtLayout {
  readonly partitions: readonly EmtPartitionPlan[];
  readonly swapMiB: number;
  readonly reservedMiB: number;
}

/** Refuses disks under 32 GiB with DISK_TOO_SMALL (checked before the image is written, too). */
export function checkEmtDiskSize(diskSize: number): void {
  if (diskSize < EMT_MIN_DISK_BYTES) {
    throw new OrchError(
      'DISK_TOO_SMALL',
      `the EMT layout needs a disk of at least 32 GiB; this one has ${(diskSize / GIB).toFixed(1)} GiB`,
      { details: { diskSize, minimum: EMT_MIN_DISK_BYTES } },
    );
  }
}

/** Swap of sqrt(RAM in GiB) GiB, at least 1 GiB; 1 GiB when RAM is unknown. */
export function swapMiB(ramGiB: number | null): number {
  return ramGiB === null ? 1024 : Math.max(1, Math.round(Math.sqrt(ramGiB))) * 1024;
}

/** Places every partition; DISK_TOO_SMALL when they do not fit with room for the seed. */
export function planEmtLayout(input: EmtLayoutInput): EmtLayout {
  checkEmtDiskSize(input.diskSize);
  const swap = swapMiB(input.ramGiB);
  const reserved = input.diskSize <= EMT_SMALL_DISK_BYTES ? 3072 : 5120;
  const sizes: Array<[number, string, string, number]> = [
    [input.rootfsPartition, 'rootfs', PARTITION_TYPES.linuxFilesystem.guid, EMT_ROOTFS_MIB],
    [4, 'hashmap_a', PARTITION_TYPES.linuxFilesystem.guid, 100],
    [5, 'hashmap_b', PARTITION_TYPES.linuxFilesystem.guid, 100],
    [6, 'rootfs_b', PARTITION_TYPES.linuxFilesystem.guid, EMT_ROOTFS_MIB],
    [7, 'roothash', PARTITION_TYPES.linuxFilesystem.guid, 50],
    [8, 'swap', PARTITION_TYPES.linuxSwap.guid, swap],
    [9, 'reserved', PARTITION_TYPES.linuxFilesystem.guid, reserved],
    ...(input.lvmSizeGiB > 0
      ? [
          [10, 'lvm', PARTITION_TYPES.linuxLvm.guid, input.lvmSizeGiB * 1024] as [
            number,
            string,
            string,
            number,
          ],
        ]
      : []),
  ];
  const partitions: EmtPartitionPlan[] = [];
  let next = input.rootfsFirstLba;
  for (const [number, name, typeGuid, mib] of sizes) {
    const firstLba = partitions.length === 0 ? next : alignUp(next);
    const lastLba = firstLba + BigInt((mib * MIB) / SECTOR) - 1n;
    partitions.push({ number, name, typeGuid, firstLba, lastLba });
    next = lastLba + 1n;
  }
  const { last } = usableRange(input.diskSize);
  const persistentFirst = alignUp(next);
  const persistentLast = alignDown(last + 1n - BigInt((CIDATA_RESERVE_MIB * MIB) / SECTOR)) - 1n;
  const persistentMiB = (Number(persistentLast - persistentFirst + 1n) * SECTOR) / MIB;
  if (persistentMiB < MIN_PERSISTENT_MIB) {
    throw new OrchError(
      'DISK_TOO_SMALL',
      `the EMT layout leaves ${Math.max(0, Math.floor(persistentMiB))} MiB for edge_persistent (at least ${MIN_PERSISTENT_MIB} needed): a larger disk or a smaller lvm partition`,
      {
        details: { diskSize: input.diskSize, lvmSizeGiB: input.lvmSizeGiB },
      },
    );
  }
  partitions.push({
    number: input.persistentPartition,
    name: 'edge_persistent',
    typeGuid: PARTITION_TYPES.linuxFilesystem.guid,
    firstLba: persistentFirst,
    lastLba: persistentLast,
  });
  return { partitions, swapMiB: swap, reservedMiB: reserved };
}
