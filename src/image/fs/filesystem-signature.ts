/**
 * Recognises the filesystem at the start of a partition from its superblock magic, so that an
 * unsupported one is named in the error rather than reported as corrupt.
 * @module
 */
import { looksLikeFat } from './fat-boot-sector.js';
import { hasExt4Magic, SUPERBLOCK_OFFSET } from './ext4-superblock.js';

/** Bytes of the partition start that {@link detectFilesystem} needs. */
export const SIGNATURE_PROBE_BYTES = 68 * 1024;

/** Magic strings of filesystems we recognise but do not read: [name, offset, bytes]. */
const OTHER_SIGNATURES: ReadonlyArray<readonly [string, number, string]> = [
  ['ntfs', 3, 'NTFS    '],
  ['exfat', 3, 'EXFAT   '],
  ['xfs', 0, 'XFSB'],
  ['squashfs', 0, 'hsqs'],
  ['crypto_LUKS', 0, 'LUKS\u00ba\u00be'],
  ['btrfs', 0x10040, '_BHRfS_M'],
  ['iso9660', 0x8001, 'CD001'],
  ['swap', 4086, 'SWAPSPACE2'],
  ['erofs', 1024, '\u00e2\u00e1\u00f5\u00e0'],
  ['DM_verity_hash', 0, 'verity\0\0'],
];

/** What the probe found: a readable kind, another named filesystem, or nothing known. */
export type DetectedFilesystem =
  { kind: 'vfat' | 'ext4' } | { kind: 'other'; name: string } | { kind: 'unknown' };

/** Identifies the filesystem from the first {@link SIGNATURE_PROBE_BYTES} of a partition. */
export function detectFilesystem(head: Uint8Array): DetectedFilesystem {
  if (hasExt4Magic(head.subarray(SUPERBLOCK_OFFSET))) return { kind: 'ext4' };
  for (const [name, offset, magic] of OTHER_SIGNATURES) {
    if (matches(head, offset, magic)) return { kind: 'other', name };
  }
  if (looksLikeFat(head.subarray(0, 512))) return { kind: 'vfat' };
  return { kind: 'unknown' };
}

function matches(head: Uint8Array, offset: number, magic: string): boolean {
  if (offset + magic.length > head.byteLength) return false;
  for (let i = 0; i < magic.length; i++) if (head[offset + i] !== magic.charCodeAt(i)) return false;
  return true;
}
