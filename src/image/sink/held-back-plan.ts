/**
 * What the disk sink holds back until commit, decided from the image's first MiB: the protective
 * MBR + primary GPT (always the first MiB), and for a GPT image its backup header with the entry
 * array before it (UEFI 2.10, section 5.3.1), so that an aborted write leaves no table at all.
 * @module
 */
import { crc32, formatCrc } from '../gpt/crc32.js';
import { GptError } from '../gpt/gpt-error.js';
import { decodeGptHeader, type GptHeader } from '../gpt/gpt-header.js';
import { detectGptSectorSize, entryArraySectors } from '../gpt/gpt-layout.js';
import { decodeMbrPartitions } from '../gpt/protective-mbr.js';

/** The held-back plan of one image. */
export type HeldBackPlan =
  | {
      readonly kind: 'gpt';
      readonly sectorSize: number;
      readonly header: GptHeader;
      /** Size the GPT describes: (alternate LBA + 1) sectors. */
      readonly gptDiskSize: number;
      /** The image's backup region [tailStart, tailEnd): backup entries then backup header. */
      readonly tailStart: number;
      readonly tailEnd: number;
    }
  /** An MBR-only image: its partitions say how large the image is at least. */
  | { readonly kind: 'mbr'; readonly minImageSize: number }
  /** Neither: written as is (the first MiB still last). */
  | { readonly kind: 'none' };

/**
 * Reads the plan from the image's first bytes (up to 1 MiB). Throws GptError (GPT_INVALID) when a
 * GPT header is present but corrupt (CRC), its entry array is not inside `head` or fails its CRC,
 * or its geometry is impossible: a corrupt table is the image's fault and nothing gets written.
 */
export function planHeldBack(head: Uint8Array): HeldBackPlan {
  const sectorSize = detectGptSectorSize(head);
  if (sectorSize === undefined) {
    const parts = decodeMbrPartitions(head);
    if (parts.length === 0) return { kind: 'none' };
    const end = Math.max(...parts.map((p) => (p.firstLba + p.sectorCount) * 512));
    return { kind: 'mbr', minImageSize: end };
  }
  const header = decodeGptHeader(head.subarray(sectorSize, 2 * sectorSize), sectorSize, sectorSize);
  checkEntries(head, header, sectorSize);
  const entrySectors = entryArraySectors(header.numberOfEntries, header.entrySize, sectorSize);
  if (
    header.myLba !== 1n ||
    header.alternateLba <= header.lastUsableLba ||
    header.alternateLba < entrySectors + 2n
  ) {
    throw new GptError(
      `the image's primary GPT header is inconsistent: my LBA ${header.myLba}, alternate LBA ${header.alternateLba}, last usable LBA ${header.lastUsableLba}`,
      {
        offset: sectorSize + 32,
        field: 'alternateLba',
        expected: `> ${header.lastUsableLba}`,
        actual: String(header.alternateLba),
      },
    );
  }
  const tailEnd = Number(header.alternateLba + 1n) * sectorSize;
  return {
    kind: 'gpt',
    sectorSize,
    header,
    gptDiskSize: tailEnd,
    tailStart: Number(header.alternateLba - entrySectors) * sectorSize,
    tailEnd,
  };
}

function checkEntries(head: Uint8Array, header: GptHeader, sectorSize: number): void {
  const start = Number(header.partitionEntryLba) * sectorSize;
  const length = header.numberOfEntries * header.entrySize;
  if (header.partitionEntryLba < 2n || header.entrySize < 128 || start + length > head.length) {
    throw new GptError(
      `the image's primary GPT entry array (LBA ${header.partitionEntryLba}, ${header.numberOfEntries} x ${header.entrySize} bytes) is not inside its first ${head.length} bytes`,
      {
        offset: sectorSize + 72,
        field: 'partitionEntryLba',
        expected: `entries within the first ${head.length} bytes`,
        actual: String(header.partitionEntryLba),
      },
    );
  }
  const computed = crc32(head.subarray(start, start + length));
  if (computed !== header.entriesCrc32) {
    throw new GptError(
      `the image's primary GPT entry array CRC32 mismatch: header says ${formatCrc(header.entriesCrc32)}, entries give ${formatCrc(computed)} (the image is corrupt)`,
      {
        offset: start,
        field: 'entriesCrc32',
        expected: formatCrc(header.entriesCrc32),
        actual: formatCrc(computed),
      },
    );
  }
}
