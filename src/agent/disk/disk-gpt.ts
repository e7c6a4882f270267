/**
 * Reading and writing the node disk's GPT: both ends read for the validator, a new table written
 * backup first and primary last (an interrupted write leaves the old primary table in charge).
 * @module
 */
import { OrchError } from '../../core/errors/index.js';
import { gptRegionsToRead, validateGpt, type CreatedGpt, type GptReport } from '../../image/index.js';
import type { NodeDisk } from './node-disk.js';

/** The disk's GPT as the validator sees it. */
export async function readDiskGpt(disk: NodeDisk): Promise<GptReport> {
  const regions = [];
  for (const range of gptRegionsToRead(disk.size))
    regions.push({ offset: range.offset, bytes: await disk.read(range.offset, range.length) });
  return validateGpt({ diskSize: disk.size, regions });
}

/** The GPT, which must at least have a readable primary or backup table (else LAYOUT_UNEXPECTED). */
export async function requireDiskGpt(disk: NodeDisk): Promise<GptReport> {
  const report = await readDiskGpt(disk);
  if (!report.primary && !report.backup) {
    const first = report.issues.find((issue) => issue.severity === 'error');
    throw new OrchError(
      'LAYOUT_UNEXPECTED',
      `the disk ${disk.ref.path} has no readable GPT${first ? `: ${first.message}` : ''}`,
      {
        details: { path: disk.ref.path },
      },
    );
  }
  return report;
}

/** Writes a table made by the GPT writer: backup region, then protective MBR + primary, then sync. */
export async function writeDiskGpt(disk: NodeDisk, gpt: CreatedGpt): Promise<void> {
  await disk.write(gpt.backup, gpt.backupOffset);
  await disk.sync();
  await disk.write(gpt.primary, 0);
  await disk.sync();
}
