/**
 * Inspects the Authenticode signature(s) of a PE file (an EFI loader, a UKI, a kernel) against
 * one set of trusted certificates.
 * @module
 */
import type { ByteSource } from '../fs/byte-source.js';
import type { AuthenticodeDigest } from './authenticode-hash.js';
import { nodeCryptoEngine } from './crypto-engine.js';
import { examinePe } from './examine-pe.js';
import { parseTrustedCertificates } from './trusted-certificates.js';
import { findAnchor, type SignerSummary } from './verify-signed-data.js';

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
 * Parses the PE file in `source`, computes its Authenticode hash, checks it against each
 * signature's SpcIndirectDataContent digest, verifies each signature and, given `trusted` (PEM or
 * base64, one or more certificates), whether the signer chains to one of them, validity periods
 * ignored as UEFI does. Throws UNSUPPORTED_FORMAT for a non-PE file, CORRUPT_DATA for broken
 * headers, InvalidArgument for unusable `trusted` text.
 */
export async function inspectAuthenticode(
  source: ByteSource,
  trusted: string | undefined,
): Promise<AuthenticodeReport> {
  const anchors = trusted === undefined ? undefined : parseTrustedCertificates(trusted);
  const engine = nodeCryptoEngine();
  const exam = await examinePe(source, engine);
  const problems = [...exam.problems];
  if (exam.signatures.length === 0 && problems.length === 0) {
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
  const checks = exam.signatures;
  let chains = false;
  for (const [index, check] of checks.entries()) {
    const prefix = checks.length > 1 ? `signature ${index + 1}: ` : '';
    problems.push(...check.problems.map((problem) => prefix + problem));
    if (anchors === undefined || check.signerCert === undefined) continue;
    const match = await findAnchor(check, anchors, engine);
    if ('anchor' in match) chains ||= check.hashMatches && check.signatureValid;
    else problems.push(`${prefix}the signer does not chain to a trusted certificate: ${match.failure}`);
  }
  const any = checks.length > 0;
  return {
    signed: true,
    signers: checks.flatMap((c) => (c.signer ? [c.signer] : [])),
    digestAlgorithm: checks[0]?.digest?.algorithm,
    hashMatches: any && checks.every((c) => c.hashMatches),
    signatureValid: any && checks.every((c) => c.signatureValid),
    chainsToTrusted: anchors === undefined ? undefined : chains,
    problems,
  };
}
