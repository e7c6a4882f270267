/**
 * Verifies one Authenticode PKCS#7 SignedData with pkijs: the image digest it carries against
 * ours, the signer's signature over it, and the signer's chain to a set of anchors.
 * @module
 */
import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { X509Certificate } from '@peculiar/x509';
import type { AuthenticodeDigest } from './authenticode-hash.js';
import { decodeSpcIndirectData, SPC_INDIRECT_DATA_OID, type SignedImageDigest } from './spc-indirect-data.js';

/** 1.2.840.113549.1.7.2 */
const SIGNED_DATA_OID = '1.2.840.113549.1.7.2';

/** Who signed, as X.509 names them. */
export interface SignerSummary {
  readonly subject: string;
  readonly issuer: string;
  /** Serial number in hex. */
  readonly serial: string;
  /** The subject's common name (CN), or the whole subject when it has none. */
  readonly name: string;
}

/** A SignedData that decoded, with the digest it claims for the image. */
export interface DecodedSignature {
  readonly signedData: pkijs.SignedData;
  readonly digest: SignedImageDigest;
}

/** The outcome for one signature, before any trust anchor is considered. */
export interface SignatureCheck {
  readonly signer: SignerSummary | undefined;
  readonly digest: SignedImageDigest | undefined;
  readonly hashMatches: boolean;
  readonly signatureValid: boolean;
  readonly problems: string[];
  /** Present when the signature decoded. */
  readonly signedData?: pkijs.SignedData;
  readonly signerCert?: pkijs.Certificate;
  /** DER of the signer's and every embedded certificate (what a dbx may revoke). */
  readonly certificates: readonly Uint8Array[];
}

/** Decodes a DER ContentInfo(SignedData) from the certificate table; throws a plain Error if malformed. */
export function decodeSignature(der: Uint8Array): DecodedSignature {
  const contentInfo = pkijs.ContentInfo.fromBER(der);
  if (contentInfo.contentType !== SIGNED_DATA_OID)
    throw new Error(`content type ${contentInfo.contentType} is not SignedData`);
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  const { eContentType, eContent } = signedData.encapContentInfo;
  if (eContentType !== SPC_INDIRECT_DATA_OID || eContent === undefined) {
    throw new Error(`signed content type ${eContentType} is not SpcIndirectDataContent`);
  }
  if (signedData.signerInfos.length !== 1)
    throw new Error(`${signedData.signerInfos.length} signer infos (Authenticode has one)`);
  return { signedData, digest: decodeSpcIndirectData(eContent as asn1js.AsnType) };
}

/** A signature that did not decode. */
export function undecodable(error: unknown): SignatureCheck {
  return {
    signer: undefined,
    digest: undefined,
    hashMatches: false,
    signatureValid: false,
    problems: [`unreadable PKCS#7 SignedData: ${(error as Error).message}`],
    certificates: [],
  };
}

/** Checks a decoded signature: its digest against `imageHash` (ours, same algorithm) and the signer's signature. */
export async function checkSignature(
  decoded: DecodedSignature,
  imageHash: (algorithm: AuthenticodeDigest) => Uint8Array,
  engine: pkijs.ICryptoEngine,
): Promise<SignatureCheck> {
  const problems: string[] = [];
  const { signedData, digest } = decoded;
  const hashMatches = digestMatches(digest, imageHash, problems);
  const { signerCert, signatureValid } = await verifySignature(signedData, engine, problems);
  const embedded = (signedData.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  return {
    signer: signerCert && summarize(signerCert),
    digest,
    hashMatches,
    signatureValid,
    problems,
    signedData,
    ...(signerCert ? { signerCert } : {}),
    certificates: [...(signerCert ? [signerCert] : []), ...embedded].map(derOf),
  };
}

function digestMatches(
  digest: SignedImageDigest,
  imageHash: (algorithm: AuthenticodeDigest) => Uint8Array,
  problems: string[],
): boolean {
  if (digest.algorithm === undefined) {
    problems.push(`image digest algorithm ${digest.algorithmOid} is not supported`);
    return false;
  }
  const ours = imageHash(digest.algorithm);
  const matches = Buffer.from(ours).equals(Buffer.from(digest.digest));
  if (!matches) {
    problems.push(
      `image hash mismatch: the signature says ${digest.algorithm}:${hex(digest.digest)}, the file hashes to ${hex(ours)} (modified after signing)`,
    );
  }
  return matches;
}

async function verifySignature(
  signedData: pkijs.SignedData,
  engine: pkijs.ICryptoEngine,
  problems: string[],
): Promise<{ signerCert: pkijs.Certificate | undefined; signatureValid: boolean }> {
  try {
    const result = await signedData.verify({ signer: 0, checkChain: false, extendedMode: true }, engine);
    if (!result.signatureVerified) problems.push('the signer signature does not verify');
    return {
      signerCert: result.signerCertificate ?? undefined,
      signatureValid: result.signatureVerified === true,
    };
  } catch (error) {
    const failure = error as pkijs.SignedDataVerifyError;
    problems.push(`signature: ${failure.message}`);
    return { signerCert: failure.signerCertificate ?? undefined, signatureValid: false };
  }
}

/** Which anchor a signature chains to: its index, or why none. */
export type AnchorMatch = { readonly anchor: number } | { readonly failure: string };

/**
 * The first of `anchors` the signer chains to (through the certificates embedded in the
 * signature). UEFI ignores validity periods, pkijs does not: each anchor is tried at an instant
 * when the signer, the anchor and the embedded CA certificates had all been issued.
 */
export async function findAnchor(
  check: SignatureCheck,
  anchors: readonly pkijs.Certificate[],
  engine: pkijs.ICryptoEngine,
): Promise<AnchorMatch> {
  const { signedData, signerCert } = check;
  if (signedData === undefined || signerCert === undefined) return { failure: 'no signer certificate' };
  if (anchors.length === 0) return { failure: 'no certificate to chain to' };
  // A trusted certificate that is the signer's own is an anchor by itself (UEFI's db works so, and
  // OpenSSL's partial-chain mode), whether or not it is a CA; pkijs would demand a CA there.
  const signerDer = Buffer.from(derOf(signerCert));
  const own = anchors.findIndex((anchor) => signerDer.equals(Buffer.from(derOf(anchor))));
  if (own >= 0) return { anchor: own };
  const embedded = (signedData.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  const failures: string[] = [];
  for (const [index, anchor] of anchors.entries()) {
    const issued = [signerCert, anchor, ...embedded].map((c) => c.notBefore.value.getTime());
    try {
      await signedData.verify(
        {
          signer: 0,
          checkChain: true,
          trustedCerts: [anchor],
          checkDate: new Date(Math.max(...issued)),
          extendedMode: true,
        },
        engine,
      );
      return { anchor: index };
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  return { failure: [...new Set(failures)].join('; ') };
}

/** The DER of a pkijs certificate. */
export function derOf(cert: pkijs.Certificate): Uint8Array {
  return new Uint8Array(cert.toSchema().toBER(false));
}

/** Subject, issuer, serial and common name of a certificate. */
export function summarize(cert: pkijs.Certificate): SignerSummary {
  const x509 = new X509Certificate(derOf(cert));
  const cn = x509.subjectName.getField('CN')[0];
  return { subject: x509.subject, issuer: x509.issuer, serial: x509.serialNumber, name: cn ?? x509.subject };
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
