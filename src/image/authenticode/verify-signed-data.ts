/**
 * Verifies one Authenticode PKCS#7 SignedData with pkijs: the image digest it carries against
 * ours, the signer's signature over it, and the signer's chain to a trusted certificate.
 * @module
 */
import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { X509Certificate } from '@peculiar/x509';
import { authenticodeHash } from './authenticode-hash.js';
import type { PeFile } from './pe-file.js';
import { decodeSpcIndirectData, SPC_INDIRECT_DATA_OID, type SignedImageDigest } from './spc-indirect-data.js';

/** 1.2.840.113549.1.7.2 */
const SIGNED_DATA_OID = '1.2.840.113549.1.7.2';

/** Who signed, as X.509 names them. */
export interface SignerSummary {
  readonly subject: string;
  readonly issuer: string;
  /** Serial number in hex. */
  readonly serial: string;
}

/** The outcome for one signature. */
export interface SignatureCheck {
  readonly signer: SignerSummary | undefined;
  readonly digest: SignedImageDigest | undefined;
  readonly hashMatches: boolean;
  readonly signatureValid: boolean;
  /** undefined without trust anchors. */
  readonly chainsToTrusted: boolean | undefined;
  readonly problems: string[];
}

/** Checks a DER ContentInfo(SignedData) found in the certificate table. */
export async function verifySignedData(
  der: Uint8Array,
  image: { bytes: Uint8Array; pe: PeFile },
  trusted: readonly pkijs.Certificate[] | undefined,
  engine: pkijs.ICryptoEngine,
): Promise<SignatureCheck> {
  const problems: string[] = [];
  let signedData: pkijs.SignedData;
  let digest: SignedImageDigest;
  try {
    ({ signedData, digest } = decodeSignedData(der));
  } catch (error) {
    problems.push(`unreadable PKCS#7 SignedData: ${(error as Error).message}`);
    return {
      signer: undefined,
      digest: undefined,
      hashMatches: false,
      signatureValid: false,
      chainsToTrusted: trusted && false,
      problems,
    };
  }
  const hashMatches = digestMatches(digest, image, problems);
  const { signerCert, signatureValid } = await verifySignature(signedData, engine, problems);
  const chains =
    trusted === undefined || signerCert === undefined
      ? trusted && false
      : await chainsTo(signedData, signerCert, trusted, engine, problems);
  return {
    signer: signerCert && summarize(signerCert),
    digest,
    hashMatches,
    signatureValid,
    chainsToTrusted: chains === undefined ? undefined : chains && signatureValid && hashMatches,
    problems,
  };
}

function decodeSignedData(der: Uint8Array): { signedData: pkijs.SignedData; digest: SignedImageDigest } {
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

function digestMatches(
  digest: SignedImageDigest,
  image: { bytes: Uint8Array; pe: PeFile },
  problems: string[],
): boolean {
  if (digest.algorithm === undefined) {
    problems.push(`image digest algorithm ${digest.algorithmOid} is not supported`);
    return false;
  }
  const ours = authenticodeHash(image.bytes, image.pe, digest.algorithm);
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

/**
 * UEFI ignores validity periods, pkijs does not: each trust anchor is tried at an instant when
 * the signer, the anchor and the embedded CA certificates had all been issued.
 */
async function chainsTo(
  signedData: pkijs.SignedData,
  signerCert: pkijs.Certificate,
  trusted: readonly pkijs.Certificate[],
  engine: pkijs.ICryptoEngine,
  problems: string[],
): Promise<boolean> {
  // A trusted certificate that is the signer's own is an anchor by itself (UEFI's db works so, and
  // OpenSSL's partial-chain mode), whether or not it is a CA; pkijs would demand a CA there.
  const signerDer = Buffer.from(signerCert.toSchema().toBER(false));
  if (trusted.some((anchor) => signerDer.equals(Buffer.from(anchor.toSchema().toBER(false))))) return true;
  const embedded = (signedData.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  const failures: string[] = [];
  for (const anchor of trusted) {
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
      return true;
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  problems.push(`the signer does not chain to a trusted certificate: ${[...new Set(failures)].join('; ')}`);
  return false;
}

function summarize(cert: pkijs.Certificate): SignerSummary {
  const x509 = new X509Certificate(cert.toSchema().toBER(false));
  return { subject: x509.subject, issuer: x509.issuer, serial: x509.serialNumber };
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
