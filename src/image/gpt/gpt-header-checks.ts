/**
 * Checks that relate the two GPT headers to each other and to the disk (UEFI 2.10, section 5.3.2:
 * the backup header sits in the last LBA, each points at the other, both describe the same table,
 * and the usable range lies between the entry arrays).
 * @module
 */
import type { GptHeader } from './gpt-header.js';
import type { GptIssue } from './gpt-issue.js';
import { entryArraySectors } from './gpt-layout.js';

/** Fields both headers must agree on. */
const SHARED_FIELDS = [
  'diskGuid',
  'firstUsableLba',
  'lastUsableLba',
  'numberOfEntries',
  'entrySize',
  'entriesCrc32',
] as const;

/** Issues between the primary header and the backup one (absent when unreadable or corrupt). */
export function checkHeaderPair(
  primary: GptHeader,
  backup: GptHeader | undefined,
  lastLba: bigint,
  sectorSize: number,
): GptIssue[] {
  const issues: GptIssue[] = [];
  const at = sectorSize + 32;
  if (primary.alternateLba > lastLba) {
    issues.push({
      severity: 'error',
      kind: 'BACKUP_BEYOND_DISK',
      message: `the primary GPT puts the backup header at LBA ${primary.alternateLba}, beyond the last LBA ${lastLba}: the disk is smaller than the table`,
      offset: at,
      field: 'alternateLba',
      expected: `<= ${lastLba}`,
      actual: String(primary.alternateLba),
    });
  } else if (primary.alternateLba < lastLba) {
    issues.push({
      severity: 'warning',
      kind: 'BACKUP_NOT_AT_END',
      message: `the backup GPT header is at LBA ${primary.alternateLba}, not at the last LBA ${lastLba}: the disk is larger than the table (relocate it as sgdisk -e does)`,
      offset: at,
      field: 'alternateLba',
      expected: String(lastLba),
      actual: String(primary.alternateLba),
    });
  }
  if (!backup) return issues;
  if (backup.alternateLba !== 1n) {
    issues.push(
      mismatch(
        'BACKUP_ALTERNATE_LBA',
        'the backup GPT header does not point back at LBA 1',
        'alternateLba',
        '1',
        String(backup.alternateLba),
      ),
    );
  }
  for (const field of SHARED_FIELDS) {
    if (primary[field] !== backup[field]) {
      issues.push(
        mismatch(
          'HEADERS_DISAGREE',
          `the primary and backup GPT headers disagree on ${field}`,
          field,
          String(primary[field]),
          String(backup[field]),
        ),
      );
    }
  }
  return issues;
}

function mismatch(kind: string, message: string, field: string, expected: string, actual: string): GptIssue {
  return {
    severity: 'error',
    kind,
    message: `${message}: ${expected} vs ${actual}`,
    field,
    expected,
    actual,
  };
}

/** Issues of one header's usable range against its entry array and the disk. */
export function checkUsableRange(
  header: GptHeader,
  which: 'primary' | 'backup',
  lastLba: bigint,
  sectorSize: number,
): GptIssue[] {
  const arrayEnd =
    header.partitionEntryLba + entryArraySectors(header.numberOfEntries, header.entrySize, sectorSize) - 1n;
  const problems: [string, string, string, string][] = [];
  if (header.firstUsableLba > header.lastUsableLba) {
    problems.push([
      'USABLE_RANGE_EMPTY',
      'the first usable LBA is after the last usable LBA',
      `<= ${header.lastUsableLba}`,
      String(header.firstUsableLba),
    ]);
  }
  if (header.lastUsableLba >= lastLba) {
    problems.push([
      'USABLE_BEYOND_DISK',
      `the last usable LBA is not before the disk's last LBA ${lastLba}`,
      `< ${lastLba}`,
      String(header.lastUsableLba),
    ]);
  }
  const entriesInside =
    which === 'primary'
      ? header.partitionEntryLba < 2n || arrayEnd >= header.firstUsableLba
      : header.partitionEntryLba <= header.lastUsableLba || arrayEnd >= header.myLba;
  if (entriesInside) {
    problems.push([
      'ENTRIES_IN_USABLE_RANGE',
      `its entry array (LBA ${header.partitionEntryLba}..${arrayEnd}) overlaps the usable range or the header`,
      `outside ${header.firstUsableLba}..${header.lastUsableLba}`,
      `${header.partitionEntryLba}..${arrayEnd}`,
    ]);
  }
  return problems.map(([kind, message, expected, actual]) => ({
    severity: 'error',
    kind: `${which.toUpperCase()}_${kind}`,
    message: `${which} GPT header: ${message} (usable ${header.firstUsableLba}..${header.lastUsableLba})`,
    expected,
    actual,
  }));
}
