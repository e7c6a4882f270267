/**
 * Step (SB_FDE): LUKS2 + TPM full disk encryption, as planned in fde-plan.ts. It runs only on a
 * node that has cryptsetup, systemd-cryptenroll and a TPM 2.0 (/dev/tpmrm0), on a real disk; a
 * node without one of them, or a virtual edge node's file disk, fails with FDE_UNAVAILABLE naming
 * what is missing. It never reports a disk as encrypted that is not. Before any command it checks
 * that every partition encrypted in place leaves the 32 MiB a LUKS2 header takes free at its end
 * (the EMT layout leaves that room when the plan encrypts); the one-time key lives in a private
 * folder (a tmpfs under /run when there is one), mode 0600, and is overwritten and removed at the
 * end, whatever happened: the TPM holds the only copy.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrchError } from '../../core/errors/index.js';
import {
  decodeExt4Superblock,
  SUPERBLOCK_OFFSET,
  SUPERBLOCK_SIZE,
  verityHashAreaBytes,
  type GptPartitionInfo,
} from '../../image/index.js';
import { requireDiskGpt } from '../disk/disk-gpt.js';
import { MIB } from '../disk/disk-partitions.js';
import { withDisk, type NodeDisk } from '../disk/node-disk.js';
import {
  FDE_CIPHER,
  FDE_TPM_PCR,
  fdeCommands,
  fdePartitions,
  LUKS2_HEADER_ROOM,
  partitionDevice,
  TPM_DEVICE,
  type FdeVolume,
} from './fde-plan.js';
import { paramsObject } from './step-params.js';
import { outcomeOf, type StepContext, type StepExecutor } from './step-executor.js';

/** The tools the plan runs; cryptsetup and systemd-cryptenroll are the ones a node may lack. */
const REQUIRED_TOOLS = ['cryptsetup', 'systemd-cryptenroll'] as const;

export const encryptDiskStep: StepExecutor<'encrypt-disk'> = {
  kind: 'encrypt-disk',
  parse: (params) => (paramsObject('encrypt-disk', params), {}),
  run: (ctx, _params, signal) =>
    outcomeOf(async () => {
      const missing: string[] = [];
      for (const tool of REQUIRED_TOOLS) if (!(await ctx.tools.has(tool))) missing.push(tool);
      if (!ctx.facts.tpm) missing.push(`a TPM 2.0 (${TPM_DEVICE})`);
      const runnable = missing.length === 0 && ctx.disk.kind === 'device';
      const volumes = await withDisk(ctx.disk, (disk) => plannedVolumes(ctx, disk, runnable));
      const what = `LUKS2 ${FDE_CIPHER} on partitions ${volumes.map((v) => v.number).join(', ')} with the key sealed to TPM PCR ${FDE_TPM_PCR}`;
      if (missing.length > 0) {
        throw new OrchError(
          'FDE_UNAVAILABLE',
          `full disk encryption (${what}) needs ${missing.join(' and ')}, which this node lacks; the disk is NOT encrypted`,
          { details: { missing, partitions: volumes.map((v) => v.number) } },
        );
      }
      if (ctx.disk.kind === 'file') {
        throw new OrchError(
          'FDE_UNAVAILABLE',
          `full disk encryption (${what}) runs on a real disk; ${ctx.disk.path} is a file (a virtual edge node) without partition devices, so the disk is NOT encrypted`,
          { details: { missing: ['a block device'], partitions: volumes.map((v) => v.number) } },
        );
      }
      const keyDir = await mkdtemp(join((await isDir('/run')) ? '/run' : tmpdir(), 'en-agent-fde-'));
      const keyFile = join(keyDir, 'volume.key');
      try {
        await writeFile(keyFile, randomBytes(64), { mode: 0o600 });
        const commands = fdeCommands(ctx.disk.path, volumes, keyFile);
        for (const [i, { command, args }] of commands.entries()) {
          signal.throwIfAborted();
          ctx.progress({ bytesDone: i, bytesTotal: commands.length, detail: `${command} ${args[0] ?? ''}` });
          await ctx.tools.run(command, args, signal);
        }
      } finally {
        await writeFile(keyFile, Buffer.alloc(64)).catch(() => undefined);
        await rm(keyDir, { recursive: true, force: true });
      }
      const kept = volumes.filter((v) => v.content === 'keep').map((v) => v.number);
      return `${what} (${TPM_DEVICE}); encrypted in place: ${kept.join(', ') || 'none'}${ctx.plan.osFamily === 'emt' ? '; rootfs A stays dm-verity protected, not encrypted' : ''}`;
    }),
};

/**
 * The volumes of the current table. When the plan can run (`check`), every partition encrypted in
 * place must end its content at least 32 MiB before its end (LAYOUT_UNEXPECTED otherwise: the
 * header would overwrite data).
 */
async function plannedVolumes(ctx: StepContext, disk: NodeDisk, check: boolean): Promise<FdeVolume[]> {
  const gpt = await requireDiskGpt(disk);
  const growRoot = ctx.plan.steps.find((s) => s.kind === 'grow-root');
  const ubuntuRoot = growRoot?.kind === 'grow-root' ? growRoot.params.rootPartition : 1;
  const family = ctx.plan.osFamily === 'emt' ? 'emt' : 'ubuntu';
  const planned = fdePartitions(
    family,
    gpt.partitions.map((p) => p.number),
    ubuntuRoot,
  );
  const volumes: FdeVolume[] = [];
  for (const { number, content } of planned) {
    const part = gpt.partitions.find((p) => p.number === number)!;
    if (check && content === 'keep') {
      const used = await contentBytes(disk, part);
      const room = Number(part.sizeBytes) - LUKS2_HEADER_ROOM;
      if (used === undefined || used > room) {
        throw new OrchError(
          'LAYOUT_UNEXPECTED',
          `partition ${number} ("${part.name}") holds ${used === undefined ? 'content en-agent cannot size' : `${Math.ceil(used / MIB)} MiB`}; encrypting it in place needs its last ${LUKS2_HEADER_ROOM / MIB} MiB free (at most ${Math.floor(room / MIB)} MiB used)`,
          { details: { partition: number } },
        );
      }
    }
    volumes.push({ number, device: partitionDevice(ctx.disk.path, number), content });
  }
  return volumes;
}

/** Bytes the content of `part` spans: an ext4 filesystem's size, or a dm-verity hash area's. */
async function contentBytes(disk: NodeDisk, part: GptPartitionInfo): Promise<number | undefined> {
  const offset = Number(part.offset);
  const head = await disk.read(offset, 4096);
  if (new TextDecoder('latin1').decode(head.subarray(0, 8)) === 'verity\0\0') {
    const dataBlocks = new DataView(head.buffer, head.byteOffset).getBigUint64(72, true);
    return verityHashAreaBytes(Number(dataBlocks) * 4096);
  }
  try {
    const sb = decodeExt4Superblock(
      await disk.read(offset + SUPERBLOCK_OFFSET, SUPERBLOCK_SIZE),
      Number.MAX_SAFE_INTEGER,
    );
    return sb.blockSize * sb.blocksCount;
  } catch {
    return undefined;
  }
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
