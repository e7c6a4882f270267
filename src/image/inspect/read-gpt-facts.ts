/**
 * @module
 * The partition table of a raw image: both GPTs validated (./gpt), turned into report facts.
 */
import { gptRegionsToRead } from '../gpt/disk-region.js';
import { validateGpt, type GptPartitionInfo } from '../gpt/gpt-validate.js';
import type { ByteSource } from '../fs/index.js';
import type { GptFacts, PartitionFacts } from './image-facts.js';

/** GPT facts and the partitions (before their filesystems are looked at). */
export interface GptRead {
  readonly gpt: GptFacts;
  readonly partitions: PartitionFacts[];
}

/** Reads the first and last MiB of `source` and validates both GPT headers and entry arrays. */
export async function readGptFacts(source: ByteSource): Promise<GptRead> {
  const regions = await Promise.all(
    gptRegionsToRead(source.size).map(async ({ offset, length }) => ({
      offset,
      bytes: await source.read(offset, length),
    })),
  );
  const report = validateGpt({ diskSize: source.size, regions });
  const gpt: GptFacts = {
    found: report.sectorSize !== undefined,
    valid: report.valid,
    protectiveMbr: report.protectiveMbr,
    errors: report.issues.filter((i) => i.severity === 'error').map((i) => i.message),
    warnings: report.issues.filter((i) => i.severity === 'warning').map((i) => i.message),
  };
  return { gpt, partitions: report.partitions.map(partitionFacts) };
}

function partitionFacts(info: GptPartitionInfo): PartitionFacts {
  return {
    number: info.number,
    name: info.name,
    type: info.typeGuid,
    ...(info.typeName === undefined ? {} : { typeName: info.typeName }),
    start: Number(info.offset),
    size: Number(info.sizeBytes),
  };
}
