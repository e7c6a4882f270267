/**
 * Inspects the Authenticode signature(s) of a PE file (an EFI loader, a UKI, a kernel).
 * @module
 */
import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';
import type { AuthenticodeDigest } from './authenticode-hash.js';
import { decodePe } from './pe-file.js';
import { parseTrustedCertificates } from './trusted-certificates.js';
import { verifySignedData, type SignatureCheck, type SignerSummary } from './verify-signed-data.js';
import { decodeWinCertificates, WIN_CERT_TYPE_PKCS_SIGNED_DATA } from './win-certificate.js';

/** What {@link inspectAuthenticode} found. */
export interface AuthenticodeReport {
  /** The file has a certificate table with at least one entry. */
  readonly signed: boolean;
  /** Signer certificate of every signature that names one. */
  readonly signers: SignerSummary[];
  /** Image digest algorithm of the first signature. */
  readonly digestAlgorithm: AuthenticodeDigest | undefined;
  /** Every signature's image digest equals the hash we compute (false when unsigned). */
  readonly hashMatches: boolean;
  /** Every signature verifies against its signer certificate (false when unsigned). */
  readonly signatureValid: boolean;
  /**
   * Some signature is valid, matches the image and chains to a trusted certificate;
   * undefined when no trusted certificate was given.
   */
  readonly chainsToTrusted: boolean | undefined;
  /** One line per problem, naming the signature when there are several. */
  readonly problems: string[];
}

/**
 * Parses the PE file, computes its Authenticode hash, checks it against each signature's
 * SpcIndirectDataContent digest, verifies each signature and, given `trusted` (PEM or base64,
 * one or more certificates), whether the signer chains to one of them, validity periods ignored
 * as UEFI does. Throws UNSUPPORTED_FORMAT for a non-PE file, CORRUPT_DATA for broken headers,
 * InvalidArgument for unusable `trusted` text.
 */
export async function inspectAuthenticode(
  bytes: Uint8Array,
  trusted: string | undefined,
): Promise<AuthenticodeReport> {
  const pe = decodePe(bytes);
  const anchors = trusted === undefined ? undefined : parseTrustedCertificates(trusted);
  const entries = pe.certTable
    ? decodeWinCertificates(bytes.subarray(pe.certTable.offset, pe.certTable.offset + pe.certTable.size))
    : [];
  if (entries.length === 0) {
    return {
      signed: false,
      signers: [],
      digestAlgorithm: undefined,
      hashMatches: false,
      signatureValid: false,
      chainsToTrusted: anchors && false,
      problems: ['the file is not signed (no certificate table)'],
    };
  }
  const engine = new pkijs.CryptoEngine({
    name: 'node',
    crypto: webcrypto as unknown as pkijs.CryptoEngineParameters['crypto'],
  });
  const checks: SignatureCheck[] = [];
  const problems: string[] = [];
  for (const [index, entry] of entries.entries()) {
    const prefix = entries.length > 1 ? `signature ${index + 1}: ` : '';
    if (entry.type !== WIN_CERT_TYPE_PKCS_SIGNED_DATA) {
      problems.push(`${prefix}certificate type 0x${entry.type.toString(16)} is not PKCS#7 SignedData`);
      continue;
    }
    const check = await verifySignedData(entry.data, { bytes, pe }, anchors, engine);
    checks.push(check);
    problems.push(...check.problems.map((problem) => prefix + problem));
  }
  return summarize(checks, problems, anchors !== undefined);
}

function summarize(checks: SignatureCheck[], problems: string[], hasAnchors: boolean): AuthenticodeReport {
  const any = checks.length > 0;
  return {
    signed: true,
    signers: checks.flatMap((c) => (c.signer ? [c.signer] : [])),
    digestAlgorithm: checks[0]?.digest?.algorithm,
    hashMatches: any && checks.every((c) => c.hashMatches),
    signatureValid: any && checks.every((c) => c.signatureValid),
    chainsToTrusted: hasAnchors ? checks.some((c) => c.chainsToTrusted === true) : undefined,
    problems,
  };
}
