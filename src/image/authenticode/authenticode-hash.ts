/**
 * The Authenticode image hash: the PE file hashed without its CheckSum field, its certificate
 * table directory entry and the certificate table itself, sections in file order.
 * "Windows Authenticode Portable Executable Signature Format", section "Calculating the PE Image
 * Hash" (steps 1-15), as EDK2's DxeImageVerificationLib and sbsigntool implement it.
 * The file is read through its byte source in bounded chunks, never whole.
 * @module
 */
import { createHash, type Hash } from 'node:crypto';
import { OrchError } from '../../core/errors/index.js';
import type { ByteSource } from '../fs/byte-source.js';
import type { PeFile } from './pe-file.js';

/** Digest algorithms Authenticode signatures name. */
export type AuthenticodeDigest = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** Bytes read per step while hashing. */
const CHUNK = 1024 * 1024;

/** The byte ranges (start, end) Authenticode hashes, in order. */
export function hashedRanges(pe: PeFile): [number, number][] {
  const ranges: [number, number][] = [[0, pe.checksumOffset]];
  const checksumEnd = pe.checksumOffset + 4;
  if (pe.certDirectoryOffset === undefined) {
    ranges.push([checksumEnd, pe.sizeOfHeaders]);
  } else {
    ranges.push([checksumEnd, pe.certDirectoryOffset], [pe.certDirectoryOffset + 8, pe.sizeOfHeaders]);
  }
  let hashed = pe.sizeOfHeaders;
  const sections = pe.sections
    .filter((s) => s.sizeOfRawData > 0)
    .sort((a, b) => a.pointerToRawData - b.pointerToRawData);
  for (const section of sections) {
    ranges.push([section.pointerToRawData, section.pointerToRawData + section.sizeOfRawData]);
    hashed += section.sizeOfRawData;
  }
  // Data after the last section (padding, debug data) counts too; the certificate table does not.
  const certSize = pe.certTable?.size ?? 0;
  const trailing = pe.fileSize - certSize - hashed;
  if (trailing > 0) ranges.push([hashed, hashed + trailing]);
  return ranges.filter(([start, end]) => end > start);
}

/** Computes the Authenticode hash of the PE file in `source` with each of `algorithms` in one pass. */
export async function authenticodeHashes(
  source: ByteSource,
  pe: PeFile,
  algorithms: readonly AuthenticodeDigest[],
): Promise<Map<AuthenticodeDigest, Uint8Array>> {
  const hashes = new Map<AuthenticodeDigest, Hash>(algorithms.map((a) => [a, createHash(a)]));
  for (const [start, end] of hashedRanges(pe)) {
    for (let at = start; at < end; at += CHUNK) {
      const length = Math.min(CHUNK, end - at);
      const bytes = await source.read(at, length);
      if (bytes.byteLength !== length) {
        throw new OrchError('CORRUPT_DATA', `PE: read ${bytes.byteLength} of ${length} bytes at ${at}`);
      }
      for (const hash of hashes.values()) hash.update(bytes);
    }
  }
  return new Map([...hashes].map(([algorithm, hash]) => [algorithm, new Uint8Array(hash.digest())]));
}

/** Computes the Authenticode hash of the PE file in `source` (whose headers `pe` describes). */
export async function authenticodeHash(
  source: ByteSource,
  pe: PeFile,
  algorithm: AuthenticodeDigest,
): Promise<Uint8Array> {
  return (await authenticodeHashes(source, pe, [algorithm])).get(algorithm)!;
}
