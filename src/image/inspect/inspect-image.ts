/**
 * @module
 * Inspection: turns a raw disk image (the validation scratch file) into {@link ImageFacts}: the
 * GPT (both headers), partitions and their filesystems, os-release, EFI binaries and their
 * signers, UKI command lines, and the presence of probed root paths (cloud-init, the agent).
 */
import type { ByteSource, ReadOnlyFs } from '../fs/index.js';
import { describeEfiBinaries, efiRole, listEfiPaths, type FoundBinary } from './efi-binaries.js';
import type { EfiBinaryReader } from './efi-binary-reader.js';
import type { ImageFacts } from './image-facts.js';
import { openPartitionFilesystems } from './partition-filesystems.js';
import { readGptFacts } from './read-gpt-facts.js';
import { readKernelDrivers } from './kernel-drivers/read-kernel-drivers.js';
import { findRootFilesystem, probePaths, type RootFilesystem } from './root-filesystem.js';

/** What the pipeline measured, carried into the facts. */
export interface PipelineFacts {
  readonly formatChain: readonly string[];
  readonly hostedBytes: number;
  readonly virtualSize: number;
  readonly sha256: string;
}

/** Input of {@link inspectImage}. */
export interface InspectImageOptions {
  /** The raw disk image. */
  readonly source: ByteSource;
  readonly pipeline: PipelineFacts;
  /** Root filesystem paths whose presence the checks need (cloud-init, the agent). */
  readonly probePaths: readonly string[];
  readonly reader: EfiBinaryReader;
}

/** The kernel a boot loader loads: in the root's /boot, or at the top of a separate /boot (24.04). */
const KERNEL_PATH = '/boot/vmlinuz';
const BOOT_PARTITION_KERNEL_PATH = '/vmlinuz';

/** Inspects a raw image. Damaged pieces become `problems`; only I/O failures reject. */
export async function inspectImage(options: InspectImageOptions): Promise<ImageFacts> {
  const { pipeline } = options;
  const { gpt, partitions: table } = await readGptFacts(options.source);
  const opened = await openPartitionFilesystems(options.source, table);
  const problems = [...opened.problems];
  const root = await findRootFilesystem(opened.partitions, opened.filesystems, problems);
  const found = await findBinaries(opened.filesystems, root, problems);
  const binaries = await describeEfiBinaries(found, options.reader, problems);
  const ukiCmdlines = binaries.cmdlines;
  const kernels = await readKernelDrivers(
    { filesystems: opened.filesystems, root, ukis: found.filter((b) => b.role === 'uki') },
    problems,
  );
  return {
    formatChain: [...pipeline.formatChain],
    hostedBytes: pipeline.hostedBytes,
    virtualSize: pipeline.virtualSize,
    sha256: pipeline.sha256,
    gpt,
    partitions: opened.partitions,
    ...(root ? { rootPartition: root.partition } : {}),
    ...(root?.osRelease ? { osRelease: root.osRelease } : {}),
    efiBinaries: binaries.binaries,
    ...(ukiCmdlines.length > 0 ? { ukiCmdlines } : {}),
    kernels,
    rootPaths: root ? await probePaths(root.fs, options.probePaths) : {},
    problems,
  };
}

async function findBinaries(
  filesystems: ReadonlyMap<number, ReadOnlyFs>,
  root: RootFilesystem | undefined,
  problems: string[],
): Promise<FoundBinary[]> {
  const found: FoundBinary[] = [];
  for (const [partition, fs] of filesystems) {
    if (fs.kind !== 'vfat') continue;
    const paths = await listEfiPaths(fs).catch((error: unknown) => {
      problems.push(`p${partition}: cannot list \\EFI: ${(error as Error).message}`);
      return [];
    });
    found.push(...paths.map((path) => ({ partition, fs, path, role: efiRole(path) })));
  }
  const kernel = root && (await findKernel(filesystems, root));
  if (kernel) found.push({ ...kernel, role: 'kernel' });
  return found;
}

/** Where the kernel is: /boot/vmlinuz of the root, else /vmlinuz of another ext4 (a /boot partition). */
async function findKernel(
  filesystems: ReadonlyMap<number, ReadOnlyFs>,
  root: RootFilesystem,
): Promise<{ partition: number; fs: ReadOnlyFs; path: string } | undefined> {
  const exists = (fs: ReadOnlyFs, path: string): Promise<boolean> => fs.exists(path).catch(() => false);
  if (await exists(root.fs, KERNEL_PATH))
    return { partition: root.partition, fs: root.fs, path: KERNEL_PATH };
  for (const [partition, fs] of filesystems) {
    if (partition === root.partition || fs.kind !== 'ext4') continue;
    if (await exists(fs, BOOT_PARTITION_KERNEL_PATH))
      return { partition, fs, path: BOOT_PARTITION_KERNEL_PATH };
  }
  return undefined;
}
