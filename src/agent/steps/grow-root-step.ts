/**
 * Step 4 (Ubuntu, MUTABLE): the root partition grows to fill the disk, leaving `reserveMiB` at the
 * end for the CIDATA seed. Only the root entry's last LBA changes: the disk GUID, every partition
 * GUID (the ESP's included) and every other entry stay as the image has them. The filesystem is
 * left as it is: cloud-init's growpart/resizefs grows it on first boot. Idempotent.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';
import { usableRange, writeGptTable } from '../../image/index.js';
import { requireDiskGpt, writeDiskGpt } from '../disk/disk-gpt.js';
import { alignDown, filesystemOf, MIB, partitionNumber, SECTOR } from '../disk/disk-partitions.js';
import { withDisk } from '../disk/node-disk.js';
import { intField, paramsObject } from './step-params.js';
import { outcomeOf, type StepExecutor } from './step-executor.js';

const KIND = 'grow-root';

export const growRootStep: StepExecutor<'grow-root'> = {
  kind: KIND,
  parse(params) {
    const p = paramsObject(KIND, params);
    return {
      rootPartition: intField(KIND, p, 'rootPartition', 1, 128),
      reserveMiB: intField(KIND, p, 'reserveMiB', 0, 1024 * 1024),
    };
  },
  run: (ctx, params) =>
    outcomeOf(() =>
      withDisk(ctx.disk, async (disk) => {
        const gpt = await requireDiskGpt(disk);
        const root = partitionNumber(gpt, params.rootPartition, 'root filesystem');
        const fs = await filesystemOf(disk, root);
        if (fs !== 'ext4') {
          throw new OrchError(
            'LAYOUT_UNEXPECTED',
            `partition ${root.number} should hold the ext4 root filesystem but holds ${fs}`,
            {
              details: { partition: root.number, filesystem: fs },
            },
          );
        }
        const { last } = usableRange(disk.size);
        const reserve = BigInt((params.reserveMiB * MIB) / SECTOR);
        // A partition after the root (24.04's /boot is before it; others may follow) bounds the growth.
        const next = gpt.partitions
          .filter((p) => p.firstLba > root.lastLba)
          .reduce((min, p) => (p.firstLba < min ? p.firstLba : min), last + 1n);
        const limit = next <= last ? next - 1n : alignDown(last - reserve + 1n) - 1n;
        if (limit < root.lastLba) {
          throw new OrchError(
            'DISK_TOO_SMALL',
            `the disk leaves no room for the ${params.reserveMiB} MiB seed partition after the root partition`,
            {
              details: {
                diskSize: disk.size,
                rootEnd: Number(root.lastLba + 1n) * SECTOR,
                reserveMiB: params.reserveMiB,
              },
            },
          );
        }
        const grownBy = Number(limit - root.lastLba) * SECTOR;
        const entries = gpt.partitions.map((p) => ({
          ...p,
          lastLba: p.number === root.number ? limit : p.lastLba,
        }));
        await writeDiskGpt(
          disk,
          writeGptTable({ diskSize: disk.size, diskGuid: (gpt.primary ?? gpt.backup)!.diskGuid, entries }),
        );
        const size = Number(limit - root.firstLba + 1n) * SECTOR;
        return `partition ${root.number} is ${Math.floor(size / MIB)} MiB (grown by ${Math.floor(grownBy / MIB)} MiB), ${params.reserveMiB} MiB left for the seed`;
      }),
    ),
};
