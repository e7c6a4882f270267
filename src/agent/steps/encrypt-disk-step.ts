/**
 * Step (SB_FDE): LUKS2 + TPM full disk encryption. EMF encrypts p2..p8 and lvm with
 * aes-xts-plain64 and seals the key in the TPM to PCR 15, adding a 14 GiB `tep` partition. That
 * needs cryptsetup and a TPM on the node. This build plans the work (which partitions, which
 * cipher) and refuses with FDE_UNAVAILABLE, naming what is missing; it never reports a disk as
 * encrypted that is not. The encryption itself is hardware-only and not implemented here.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';
import { requireDiskGpt } from '../disk/disk-gpt.js';
import { withDisk } from '../disk/node-disk.js';
import { paramsObject } from './step-params.js';
import { outcomeOf, type StepExecutor } from './step-executor.js';

/** What FDE would do: the partitions that become LUKS2, the cipher, the PCR the key is sealed to. */
export interface FdePlan {
  readonly partitions: readonly number[];
  readonly cipher: 'aes-xts-plain64';
  readonly tpmPcr: 15;
  readonly tepPartitionGiB: 14;
}

/** The plan for the partitions of the current table (EMT: 2..8 and 10 when present). */
export function planFde(partitionNumbers: readonly number[]): FdePlan {
  const partitions = partitionNumbers.filter((n) => (n >= 2 && n <= 8) || n === 10).sort((a, b) => a - b);
  return { partitions, cipher: 'aes-xts-plain64', tpmPcr: 15, tepPartitionGiB: 14 };
}

export const encryptDiskStep: StepExecutor<'encrypt-disk'> = {
  kind: 'encrypt-disk',
  parse: (params) => (paramsObject('encrypt-disk', params), {}),
  run: (ctx) =>
    outcomeOf(async () => {
      const plan = await withDisk(ctx.disk, async (disk) =>
        planFde((await requireDiskGpt(disk)).partitions.map((p) => p.number)),
      );
      const missing = [
        ...((await ctx.tools.has('cryptsetup')) ? [] : ['cryptsetup']),
        ...(ctx.facts.tpm ? [] : ['a TPM 2.0 (/dev/tpmrm0)']),
      ];
      const what = `LUKS2 ${plan.cipher} on partitions ${plan.partitions.join(', ')} with the key sealed to TPM PCR ${plan.tpmPcr}`;
      throw new OrchError(
        'FDE_UNAVAILABLE',
        missing.length > 0
          ? `full disk encryption (${what}) needs ${missing.join(' and ')}, which this node lacks`
          : `full disk encryption (${what}) is not implemented by this en-agent build; the disk is NOT encrypted`,
        { details: { plan, missing } },
      );
    }),
};
