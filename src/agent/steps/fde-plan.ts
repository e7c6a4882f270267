/**
 * The full disk encryption plan (SB_FDE) as data: which partitions become LUKS2, how each keeps or
 * gets its content, and the exact commands (cryptsetup, mkswap, systemd-cryptenroll) in order.
 * Pure, so tests assert the command plan itself; encrypt-disk-step.ts runs it on hardware.
 *
 * EMT: every partition of the EMF layout after rootfs A (3 `edge_persistent`, 4 `hashmap_a`,
 * 5 `hashmap_b`, 6 `rootfs_b`, 7 `roothash`, 8 `swap`, 10 `lvm`). rootfs A itself (p2) is not
 * encrypted here: its dm-verity tree covers the whole partition, and the 32 MiB a LUKS2 header
 * takes in place would leave the tree describing a device larger than the one it protects; it
 * holds only the published OS image and stays integrity-protected by dm-verity. (EMF lists p2
 * too; this is the one difference, documented in docs/agent.md.) Ubuntu: the root partition.
 * @module
 */

/** Room a LUKS2 header takes when a partition is encrypted in place (`--reduce-device-size`). */
export const LUKS2_HEADER_ROOM = 32 * 1024 * 1024;
/** The PCR the volume key is sealed to, as EMF does. */
export const FDE_TPM_PCR = 15;
export const FDE_CIPHER = 'aes-xts-plain64';
export const TPM_DEVICE = '/dev/tpmrm0';

/** How a partition becomes LUKS2. */
export type FdeContent =
  /** Holds data (a filesystem, the verity tree): encrypted in place, the data kept. */
  | 'keep'
  /** Holds nothing yet: formatted. */
  | 'empty'
  /** Swap: formatted, then a swap signature written inside. */
  | 'swap';

/** One partition to encrypt. */
export interface FdeVolume {
  readonly number: number;
  /** Its block device (`/dev/sda3`, `/dev/nvme0n1p3`). */
  readonly device: string;
  readonly content: FdeContent;
}

/** One command of the plan. */
export interface FdeCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/** The partitions the plan encrypts, by family. */
export function fdePartitions(
  family: 'ubuntu' | 'emt',
  present: readonly number[],
  ubuntuRoot = 1,
): { number: number; content: FdeContent }[] {
  const emt: Record<number, FdeContent> = {
    3: 'keep',
    4: 'keep',
    5: 'empty',
    6: 'keep',
    7: 'keep',
    8: 'swap',
    10: 'empty',
  };
  const wanted: Record<number, FdeContent> = family === 'emt' ? emt : { [ubuntuRoot]: 'keep' };
  return present
    .filter((n) => wanted[n] !== undefined)
    .sort((a, b) => a - b)
    .map((number) => ({ number, content: wanted[number]! }));
}

/** The block device of partition `n` of `disk` (a `p` before the number when the disk name ends in a digit). */
export function partitionDevice(disk: string, n: number): string {
  return /\d$/.test(disk) ? `${disk}p${n}` : `${disk}${n}`;
}

/**
 * The commands, in order: the kernel rereads the table; each volume is encrypted in place or
 * formatted with the one-time key in `keyFile` (swap gets its signature inside); then the key of
 * each volume is sealed into the TPM, bound to PCR 15, and the key-file slot wiped, so that only
 * this TPM in this boot state opens the disk.
 */
export function fdeCommands(disk: string, volumes: readonly FdeVolume[], keyFile: string): FdeCommand[] {
  const luks = [
    '--type',
    'luks2',
    '--cipher',
    FDE_CIPHER,
    '--key-size',
    '512',
    '--key-file',
    keyFile,
    '--batch-mode',
  ];
  const commands: FdeCommand[] = [
    { command: 'partx', args: ['--update', disk] },
    { command: 'udevadm', args: ['settle'] },
  ];
  for (const volume of volumes) {
    if (volume.content === 'keep') {
      commands.push({
        command: 'cryptsetup',
        args: [
          'reencrypt',
          '--encrypt',
          ...luks,
          '--reduce-device-size',
          `${LUKS2_HEADER_ROOM / 1024 / 1024}M`,
          volume.device,
        ],
      });
    } else {
      commands.push({ command: 'cryptsetup', args: ['luksFormat', ...luks, volume.device] });
    }
    if (volume.content === 'swap') {
      const name = `fde-swap-${volume.number}`;
      commands.push(
        { command: 'cryptsetup', args: ['open', '--key-file', keyFile, volume.device, name] },
        { command: 'mkswap', args: ['-L', 'swap', `/dev/mapper/${name}`] },
        { command: 'cryptsetup', args: ['close', name] },
      );
    }
  }
  for (const volume of volumes) {
    commands.push({
      command: 'systemd-cryptenroll',
      args: [
        `--unlock-key-file=${keyFile}`,
        `--tpm2-device=${TPM_DEVICE}`,
        `--tpm2-pcrs=${FDE_TPM_PCR}`,
        '--wipe-slot=password',
        volume.device,
      ],
    });
  }
  return commands;
}
