/**
 * Step 6: the disk boots. The ESP must hold what the firmware starts: Ubuntu's fallback loader
 * \EFI\BOOT\BOOTX64.EFI (shim), EMT's UKI under \EFI\Linux or its fallback loader. On UEFI
 * hardware with efibootmgr a boot entry for the disk is created and put first, network boot
 * entries last; on a file disk (a virtual edge node) and on a node that did not boot through UEFI
 * the firmware finds the fallback loader itself, so the check is the step.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';
import { openFilesystem, PARTITION_TYPES, type ReadOnlyFs } from '../../image/index.js';
import { requireDiskGpt } from '../disk/disk-gpt.js';
import { diskByteSource } from '../disk/disk-partitions.js';
import { withDisk } from '../disk/node-disk.js';
import type { ToolRunner } from '../tools/tool-runner.js';
import { bootOrder } from './boot-order.js';
import { choiceField, paramsObject } from './step-params.js';
import { outcomeOf, type StepExecutor } from './step-executor.js';

const KIND = 'set-boot-entry';
const FALLBACK = '\\EFI\\BOOT\\BOOTX64.EFI';

export const setBootEntryStep: StepExecutor<'set-boot-entry'> = {
  kind: KIND,
  parse: (params) => ({
    osFamily: choiceField(KIND, paramsObject(KIND, params), 'osFamily', ['ubuntu', 'emt', 'other'] as const),
  }),
  run: (ctx, params) =>
    outcomeOf(async () => {
      const { espNumber, loader } = await withDisk(ctx.disk, async (disk) => {
        const gpt = await requireDiskGpt(disk);
        const esp = gpt.partitions.find((p) => p.typeGuid === PARTITION_TYPES.esp.guid);
        if (!esp)
          throw new OrchError('BOOT_LOADER_MISSING', 'the disk has no EFI system partition', {
            details: { path: disk.ref.path },
          });
        const fs = await openFilesystem(diskByteSource(disk), {
          offset: Number(esp.offset),
          size: Number(esp.sizeBytes),
        });
        return { espNumber: esp.number, loader: await findLoader(fs, params.osFamily) };
      });
      if (!loader) {
        const wanted = params.osFamily === 'emt' ? `a UKI in \\EFI\\Linux or ${FALLBACK}` : FALLBACK;
        throw new OrchError('BOOT_LOADER_MISSING', `the ESP (partition ${espNumber}) holds no ${wanted}`, {
          details: { partition: espNumber },
        });
      }
      if (ctx.disk.kind === 'file' || !ctx.facts.uefi) {
        return `${loader} is on the ESP (partition ${espNumber}); the firmware's fallback boot path finds it`;
      }
      return setEntry(
        ctx.tools,
        ctx.disk.path,
        espNumber,
        params.osFamily === 'emt' && !loader.startsWith('\\EFI\\BOOT') ? loader : FALLBACK,
      );
    }),
};

/** The loader path (backslashes, as UEFI spells it) the firmware should start, if present. */
async function findLoader(fs: ReadOnlyFs, family: 'ubuntu' | 'emt' | 'other'): Promise<string | undefined> {
  if (family === 'emt' && (await fs.exists('/EFI/Linux'))) {
    const uki = (await fs.list('/EFI/Linux')).find((e) => e.type === 'file' && /\.efi$/i.test(e.name));
    if (uki) return `\\EFI\\Linux\\${uki.name}`;
  }
  return (await fs.exists(FALLBACK)) ? FALLBACK : undefined;
}

async function setEntry(tools: ToolRunner, disk: string, part: number, loader: string): Promise<string> {
  if (!(await tools.has('efibootmgr'))) {
    throw new OrchError(
      'TOOL_FAILED',
      'efibootmgr is not installed on the node: the UEFI boot order cannot be set',
    );
  }
  const created = await tools.run('efibootmgr', [
    '--create',
    '--disk',
    disk,
    '--part',
    String(part),
    '--label',
    'edge-orch',
    '--loader',
    loader,
  ]);
  const order = bootOrder(created.stdout);
  await tools.run('efibootmgr', ['--bootorder', order.join(',')]);
  return `UEFI boot entry for ${loader} on ${disk} partition ${part}; boot order ${order.join(',')} (network boot last)`;
}
