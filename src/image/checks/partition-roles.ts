/**
 * @module
 * Which partition plays which role, by the rules of the validation issue: the ESP by type GUID or
 * label, the Ubuntu root by label or size. Pure helpers of the Ubuntu and EMT checks.
 */
import { PARTITION_TYPES } from '../gpt/partition-types.js';
import type { EfiBinaryFacts, PartitionFacts } from '../inspect/image-facts.js';

const ESP_LABELS = new Set(['UEFI', 'EFI']);
const ROOT_LABELS = new Set(['rootfs', 'cloudimg-rootfs']);

/** The partition has the EFI system partition type GUID. */
export function hasEspType(partition: PartitionFacts): boolean {
  return partition.type.toUpperCase() === PARTITION_TYPES.esp.guid;
}

/** A vfat partition with the ESP type GUID or the label (or GPT name) UEFI or EFI. */
export function isEsp(partition: PartitionFacts): boolean {
  if (partition.fs !== 'vfat') return false;
  const labels = [partition.label, partition.name].map((l) => l?.trim().toUpperCase());
  return hasEspType(partition) || labels.some((l) => l !== undefined && ESP_LABELS.has(l));
}

/** The first ESP of the disk. */
export function findEsp(partitions: readonly PartitionFacts[]): PartitionFacts | undefined {
  return partitions.find(isEsp);
}

/** The ext4 root: labelled rootfs or cloudimg-rootfs, else the largest ext4 partition. */
export function findUbuntuRoot(partitions: readonly PartitionFacts[]): PartitionFacts | undefined {
  const ext4 = partitions.filter((p) => p.fs === 'ext4');
  const labelled = ext4.find((p) => p.label !== undefined && ROOT_LABELS.has(p.label));
  if (labelled) return labelled;
  return ext4.reduce<PartitionFacts | undefined>(
    (big, p) => (!big || p.size > big.size ? p : big),
    undefined,
  );
}

/** The partition numbered `number`. */
export function partitionNumbered(
  partitions: readonly PartitionFacts[],
  number: number,
): PartitionFacts | undefined {
  return partitions.find((p) => p.number === number);
}

/** EFI binaries on partition `number`. */
export function binariesOn(binaries: readonly EfiBinaryFacts[], number: number): EfiBinaryFacts[] {
  return binaries.filter((b) => b.partition === number);
}

/** Upper-case form of an EFI path for FAT's case-insensitive comparisons. */
export function efiPathKey(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\/*/, '/').toUpperCase();
}
