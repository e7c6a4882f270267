/**
 * Reads what Secure Boot needs of one PE file through its byte source: every Authenticode
 * signature checked against the image hash, the image's SHA-256 Authenticode hash (what a dbx
 * lists), and the sections shim and its policy read (`.sbat`, `.sbatlevel`, `.vendor_cert`,
 * `.data.ident`).
 * @module
 */
import type * as pkijs from 'pkijs';
import type { ByteSource } from '../fs/byte-source.js';
import { authenticodeHashes, type AuthenticodeDigest } from './authenticode-hash.js';
import { decodePe, readSection, type PeFile } from './pe-file.js';
import {
  checkSignature,
  decodeSignature,
  undecodable,
  type DecodedSignature,
  type SignatureCheck,
} from './verify-signed-data.js';
import { decodeWinCertificates, WIN_CERT_TYPE_PKCS_SIGNED_DATA } from './win-certificate.js';

/** Largest certificate table read (real ones hold a few KiB). */
const MAX_CERT_TABLE_BYTES = 4 * 1024 * 1024;
/** Largest policy section read (`.sbat`, `.sbatlevel`, `.vendor_cert`, `.data.ident`). */
const MAX_POLICY_SECTION_BYTES = 1024 * 1024;

/** The sections of a PE file that Secure Boot policy reads, when present. */
export interface PolicySections {
  readonly sbat?: Uint8Array;
  readonly sbatLevel?: Uint8Array;
  readonly vendorCert?: Uint8Array;
  readonly dataIdent?: Uint8Array;
}

/** What {@link examinePe} found. */
export interface PeExam {
  readonly pe: PeFile;
  /** One per WIN_CERTIFICATE entry that is PKCS#7 SignedData, in table order. */
  readonly signatures: readonly SignatureCheck[];
  /** Entries that are not SignedData, as problems. */
  readonly problems: readonly string[];
  /** The SHA-256 Authenticode hash of the image (what EFI_CERT_SHA256 entries of a dbx list). */
  readonly sha256: Uint8Array;
  readonly sections: PolicySections;
}

/** Examines the PE file in `source`; UNSUPPORTED_FORMAT or CORRUPT_DATA as {@link decodePe}. */
export async function examinePe(source: ByteSource, engine: pkijs.ICryptoEngine): Promise<PeExam> {
  const pe = await decodePe(source);
  const problems: string[] = [];
  const entries =
    pe.certTable && pe.certTable.size <= MAX_CERT_TABLE_BYTES
      ? decodeWinCertificates(await source.read(pe.certTable.offset, pe.certTable.size))
      : [];
  if (pe.certTable && pe.certTable.size > MAX_CERT_TABLE_BYTES)
    problems.push(`certificate table of ${pe.certTable.size} bytes is larger than ${MAX_CERT_TABLE_BYTES}`);
  const decoded: (DecodedSignature | Error)[] = [];
  for (const [index, entry] of entries.entries()) {
    const prefix = entries.length > 1 ? `signature ${index + 1}: ` : '';
    if (entry.type !== WIN_CERT_TYPE_PKCS_SIGNED_DATA) {
      problems.push(`${prefix}certificate type 0x${entry.type.toString(16)} is not PKCS#7 SignedData`);
      continue;
    }
    try {
      decoded.push(decodeSignature(entry.data));
    } catch (error) {
      decoded.push(error instanceof Error ? error : new Error(String(error)));
    }
  }
  const algorithms = new Set<AuthenticodeDigest>(['sha256']);
  for (const d of decoded)
    if (!(d instanceof Error) && d.digest.algorithm) algorithms.add(d.digest.algorithm);
  const hashes = await authenticodeHashes(source, pe, [...algorithms]);
  const signatures: SignatureCheck[] = [];
  for (const d of decoded) {
    signatures.push(
      d instanceof Error ? undecodable(d) : await checkSignature(d, (a) => hashes.get(a)!, engine),
    );
  }
  const section = (name: string) => readSection(source, pe, name, MAX_POLICY_SECTION_BYTES);
  const [sbat, sbatLevel, vendorCert, dataIdent] = await Promise.all(
    ['.sbat', '.sbatlevel', '.vendor_cert', '.data.ident'].map(section),
  );
  return {
    pe,
    signatures,
    problems,
    sha256: hashes.get('sha256')!,
    sections: {
      ...(sbat ? { sbat } : {}),
      ...(sbatLevel ? { sbatLevel } : {}),
      ...(vendorCert ? { vendorCert } : {}),
      ...(dataIdent ? { dataIdent } : {}),
    },
  };
}
