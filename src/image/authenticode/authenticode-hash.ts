/**
 * The Authenticode image hash: the PE file hashed without its CheckSum field, its certificate
 * table directory entry and the certificate table itself, sections in file order.
 * "Windows Authenticode Portable Executable Signature Format", section "Calculating the PE Image
 * Hash" (steps 1-15), as EDK2's DxeImageVerificationLib and sbsigntool implement it.
 * @module
 */
import { createHash } from 'node:crypto';
import type { PeFile } from './pe-file.js';

/** Digest algorithms Authenticode signatures name. */
export type AuthenticodeDigest = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** Computes the Authenticode hash of `bytes` (whose headers `pe` describes). */
export function authenticodeHash(bytes: Uint8Array, pe: PeFile, algorithm: AuthenticodeDigest): Uint8Array {
  const hash = createHash(algorithm);
  const checksumEnd = pe.checksumOffset + 4;
  hash.update(bytes.subarray(0, pe.checksumOffset));
  if (pe.certDirectoryOffset === undefined) {
    hash.update(bytes.subarray(checksumEnd, pe.sizeOfHeaders));
  } else {
    hash.update(bytes.subarray(checksumEnd, pe.certDirectoryOffset));
    hash.update(bytes.subarray(pe.certDirectoryOffset + 8, pe.sizeOfHeaders));
  }
  let hashed = pe.sizeOfHeaders;
  const sections = pe.sections
    .filter((s) => s.sizeOfRawData > 0)
    .sort((a, b) => a.pointerToRawData - b.pointerToRawData);
  for (const section of sections) {
    hash.update(bytes.subarray(section.pointerToRawData, section.pointerToRawData + section.sizeOfRawData));
    hashed += section.sizeOfRawData;
  }
  // Data after the last section (padding, debug data) counts too; the certificate table does not.
  const certSize = pe.certTable?.size ?? 0;
  const trailing = bytes.byteLength - certSize - hashed;
  if (trailing > 0) hash.update(bytes.subarray(hashed, hashed + trailing));
  return new Uint8Array(hash.digest());
}
