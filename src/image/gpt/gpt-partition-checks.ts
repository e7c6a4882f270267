/**
 * Checks on the partitions of a decoded GPT: bounds, order, overlaps, alignment, unique GUIDs
 * (UEFI 2.10, section 5.3.3: entries must lie in the usable range and must not overlap).
 * @module
 */
import type { GptEntry } from './gpt-entry.js';
import type { GptHeader } from './gpt-header.js';
import type { GptIssue } from './gpt-issue.js';

const MIB = 1024n * 1024n;
const KIB4 = 4096n;

const label = (e: GptEntry) => `partition ${e.number}${e.name ? ` ("${e.name}")` : ''}`;

/** Every issue of `entries` under `header` on a disk of `sectorSize`-byte sectors. */
export function checkPartitions(
  entries: readonly GptEntry[],
  header: GptHeader,
  sectorSize: number,
): GptIssue[] {
  return [
    ...entries.flatMap((e) => checkBounds(e, header)),
    ...checkOverlaps(entries),
    ...entries.flatMap((e) => checkAlignment(e, sectorSize)),
    ...checkUniqueGuids(entries),
    ...entries.flatMap(checkName),
  ];
}

function checkBounds(e: GptEntry, header: GptHeader): GptIssue[] {
  if (e.lastLba < e.firstLba) {
    return [
      {
        severity: 'error',
        kind: 'PARTITION_INVERTED',
        message: `${label(e)} ends at LBA ${e.lastLba}, before its first LBA ${e.firstLba}`,
        field: `entries[${e.number - 1}].lastLba`,
        expected: `>= ${e.firstLba}`,
        actual: String(e.lastLba),
      },
    ];
  }
  if (e.firstLba < header.firstUsableLba || e.lastLba > header.lastUsableLba) {
    return [
      {
        severity: 'error',
        kind: 'PARTITION_OUTSIDE_USABLE',
        message: `${label(e)} spans LBA ${e.firstLba}..${e.lastLba}, outside the usable range ${header.firstUsableLba}..${header.lastUsableLba}`,
        field: `entries[${e.number - 1}]`,
        expected: `${header.firstUsableLba}..${header.lastUsableLba}`,
        actual: `${e.firstLba}..${e.lastLba}`,
      },
    ];
  }
  return [];
}

function checkOverlaps(entries: readonly GptEntry[]): GptIssue[] {
  const sorted = entries
    .filter((e) => e.lastLba >= e.firstLba)
    .sort((a, b) => (a.firstLba < b.firstLba ? -1 : 1));
  const issues: GptIssue[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length && sorted[j]!.firstLba <= sorted[i]!.lastLba; j++) {
      const [a, b] = [sorted[i]!, sorted[j]!];
      const end = a.lastLba < b.lastLba ? a.lastLba : b.lastLba;
      issues.push({
        severity: 'error',
        kind: 'PARTITION_OVERLAP',
        message: `${label(a)} and ${label(b)} overlap at LBA ${b.firstLba}..${end}`,
        field: `entries[${b.number - 1}].firstLba`,
        expected: `> ${a.lastLba}`,
        actual: String(b.firstLba),
      });
    }
  }
  return issues;
}

function checkAlignment(e: GptEntry, sectorSize: number): GptIssue[] {
  const start = e.firstLba * BigInt(sectorSize);
  if (start % MIB === 0n) return [];
  const kib4 = start % KIB4 === 0n;
  return [
    {
      severity: 'warning',
      kind: kib4 ? 'PARTITION_NOT_MIB_ALIGNED' : 'PARTITION_NOT_4K_ALIGNED',
      message: kib4
        ? `${label(e)} starts at LBA ${e.firstLba}, not on a 1 MiB boundary`
        : `${label(e)} starts at LBA ${e.firstLba}, not on a 4 KiB boundary (slow on 4K-sector disks)`,
      field: `entries[${e.number - 1}].firstLba`,
      expected: kib4 ? 'a multiple of 1 MiB' : 'a multiple of 4 KiB',
      actual: `${start} bytes`,
    },
  ];
}

function checkUniqueGuids(entries: readonly GptEntry[]): GptIssue[] {
  const seen = new Map<string, GptEntry>();
  const issues: GptIssue[] = [];
  for (const e of entries) {
    const first = seen.get(e.uniqueGuid);
    if (first) {
      issues.push({
        severity: 'error',
        kind: 'PARTITION_GUID_DUPLICATE',
        message: `${label(e)} has the same unique GUID ${e.uniqueGuid} as ${label(first)}`,
        field: `entries[${e.number - 1}].uniqueGuid`,
        expected: 'a GUID no other partition uses',
        actual: e.uniqueGuid,
      });
    } else seen.set(e.uniqueGuid, e);
  }
  return issues;
}

/** A name that is not valid UTF-16 (a lone surrogate) decodes to U+FFFD: tools will show garbage. */
function checkName(e: GptEntry): GptIssue[] {
  if (!e.name.includes('\uFFFD')) return [];
  return [
    {
      severity: 'warning',
      kind: 'PARTITION_NAME_INVALID',
      message: `partition ${e.number} has a name that is not valid UTF-16: "${e.name}"`,
      field: `entries[${e.number - 1}].name`,
      expected: 'UTF-16LE text',
      actual: e.name,
    },
  ];
}
