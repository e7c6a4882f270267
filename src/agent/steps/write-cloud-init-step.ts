/**
 * Step 5: the cloud-init NoCloud seed on its own small FAT16 partition labelled CIDATA, written
 * in-process at the end of the disk (the space the layout left), so the root filesystem (and EMT's
 * verity-protected rootfs) is never touched. A rerun reuses the CIDATA partition it made.
 * @module
 */
import { randomInt, randomUUID } from 'node:crypto';
import { OrchError } from '../../core/errors/index.js';
import { buildFat16, PARTITION_TYPES, usableRange, writeGptTable, type GptEntry } from '../../image/index.js';
import { requireDiskGpt, writeDiskGpt } from '../disk/disk-gpt.js';
import { alignDown, alignUp, MIB, SECTOR } from '../disk/disk-partitions.js';
import { withDisk } from '../disk/node-disk.js';
import { cloudInitSeed } from './cloud-init-seed.js';
import { nullableString, paramsObject, stringField } from './step-params.js';
import { outcomeOf, type StepExecutor } from './step-executor.js';

const KIND = 'write-cloud-init';
/** The GPT name and FAT label cloud-init looks for. */
export const CIDATA_LABEL = 'CIDATA';
/** Largest seed partition made (the files are a few KiB). */
const MAX_SEED_MIB = 64n;
/** FAT16 needs 4085 clusters: about 2.1 MiB at 512-byte clusters. */
const MIN_SEED_BYTES = 3 * MIB;

export const writeCloudInitStep: StepExecutor<'write-cloud-init'> = {
  kind: KIND,
  parse(params) {
    const p = paramsObject(KIND, params);
    return {
      instanceId: stringField(KIND, p, 'instanceId', /^\S+$/),
      localHostname: stringField(KIND, p, 'localHostname', /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/),
      userData: stringField(KIND, p, 'userData'),
      provisioningMac: nullableString(KIND, p, 'provisioningMac', /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/),
    };
  },
  run: (ctx, params) =>
    outcomeOf(() =>
      withDisk(ctx.disk, async (disk) => {
        const gpt = await requireDiskGpt(disk);
        const diskGuid = (gpt.primary ?? gpt.backup)!.diskGuid;
        let seed: GptEntry | undefined = gpt.partitions.find((p) => p.name === CIDATA_LABEL);
        if (!seed) {
          seed = placeSeed(gpt.partitions, disk.size);
          await writeDiskGpt(
            disk,
            writeGptTable({ diskSize: disk.size, diskGuid, entries: [...gpt.partitions, seed] }),
          );
        }
        const offset = Number(seed.firstLba) * SECTOR;
        const size = Number(seed.lastLba - seed.firstLba + 1n) * SECTOR;
        const files = cloudInitSeed(params);
        await disk.zero(offset, Math.min(size, MIB));
        for (const write of buildFat16({
          sizeBytes: size,
          label: CIDATA_LABEL,
          serial: randomInt(2 ** 31),
          hiddenSectors: Number(seed.firstLba),
          files,
        })) {
          await disk.write(write.bytes, offset + write.offset);
        }
        return `CIDATA (partition ${seed.number}, ${Math.floor(size / MIB)} MiB): ${files.map((f) => `${f.name} ${f.data.length} B`).join(', ')}`;
      }),
    ),
};

/** A new entry in the free space after the last partition: up to 64 MiB, on MiB boundaries. */
function placeSeed(partitions: readonly GptEntry[], diskSize: number): GptEntry {
  const { last } = usableRange(diskSize);
  const end = partitions.reduce((max, p) => (p.lastLba > max ? p.lastLba : max), 0n);
  const first = alignUp(end + 1n);
  const maxSectors = (MAX_SEED_MIB * BigInt(MIB)) / BigInt(SECTOR);
  const stop = first + maxSectors - 1n < last ? first + maxSectors - 1n : alignDown(last + 1n) - 1n;
  if (stop < first || Number(stop - first + 1n) * SECTOR < MIN_SEED_BYTES) {
    throw new OrchError(
      'DISK_TOO_SMALL',
      `no room for the ${MIN_SEED_BYTES / MIB} MiB CIDATA seed partition after the last partition`,
      {
        details: { diskSize, lastPartitionEnd: Number(end + 1n) * SECTOR },
      },
    );
  }
  const used = new Set(partitions.map((p) => p.number));
  let number = 1;
  while (used.has(number)) number++;
  return {
    number,
    typeGuid: PARTITION_TYPES.microsoftBasicData.guid,
    uniqueGuid: randomUUID(),
    firstLba: first,
    lastLba: stop,
    attributes: 0n,
    name: CIDATA_LABEL,
  };
}
