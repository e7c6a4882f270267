/**
 * Step 2: erase what could outlive the new layout, not gigabytes of data: the partition-table areas
 * at both ends of the disk (first and last MiB: MBR, both GPTs) and the signature areas of every
 * partition the old table names (the first and last 128 KiB of each: ext4, xfs, btrfs, swap, LUKS,
 * LVM and md signatures), so no stale filesystem, volume group or RAID member is found later in
 * space the image and layout do not overwrite (what `wipefs -a` does per partition).
 * @module
 */
import { readDiskGpt } from '../disk/disk-gpt.js';
import { withDisk } from '../disk/node-disk.js';
import { paramsObject } from './step-params.js';
import { outcomeOf, type StepExecutor } from './step-executor.js';

const MIB = 1024 * 1024;
/** Signature area at each end of a partition (btrfs' superblock sits at 64 KiB). */
export const SIGNATURE_AREA = 128 * 1024;

export const eraseDiskStep: StepExecutor<'erase-disk'> = {
  kind: 'erase-disk',
  parse: (params) => (paramsObject('erase-disk', params), {}),
  run: (ctx) =>
    outcomeOf(() =>
      withDisk(ctx.disk, async (disk) => {
        const old = await readDiskGpt(disk);
        let wiped = 0;
        for (const part of old.partitions) {
          const start = Number(part.offset);
          const size = Number(part.sizeBytes);
          if (start >= disk.size || size <= 0) continue;
          const end = Math.min(disk.size, start + size);
          await disk.zero(start, Math.min(SIGNATURE_AREA, end - start));
          if (end - start > SIGNATURE_AREA)
            await disk.zero(
              Math.max(start + SIGNATURE_AREA, end - SIGNATURE_AREA),
              Math.min(SIGNATURE_AREA, end - start - SIGNATURE_AREA),
            );
          wiped++;
        }
        const head = Math.min(MIB, disk.size);
        await disk.zero(0, head);
        if (disk.size > head)
          await disk.zero(disk.size - Math.min(MIB, disk.size - head), Math.min(MIB, disk.size - head));
        return `partition tables cleared at both ends; signatures of ${wiped} old partition(s) wiped`;
      }),
    ),
};
