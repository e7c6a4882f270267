import { BasicConstraintsExtension, X509Certificate } from '@peculiar/x509';
import { decodeCertificateInput } from './certificate-input.js';

/** What `orch-cli get osprofile` and the API show of a stored certificate. */
export interface CertificateSummary {
  /** Distinguished name as RFC 4514 text, e.g. `CN=images.example.com, O=Example`. */
  readonly subject: string;
  readonly issuer: string;
  /** ISO-8601 UTC. */
  readonly notBefore: string;
  readonly notAfter: string;
  /** SHA-256 of the DER, upper-case hex pairs joined by ':' (as `openssl x509 -fingerprint` prints). */
  readonly sha256Fingerprint: string;
  /** basicConstraints cA is set. */
  readonly isCA: boolean;
  /** Issuer equals subject and the signature verifies with the certificate's own key. */
  readonly selfSigned: boolean;
}

/** Minimal WebCrypto surface used here; `globalThis.crypto` in Node 20 and browsers. */
export interface DigestCrypto {
  readonly subtle: { digest(algorithm: 'SHA-256', data: ArrayBuffer): Promise<ArrayBuffer> };
}

function colonHex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

/** Verifies the self-signature; an algorithm WebCrypto lacks falls back to comparing names. */
async function isSelfSigned(cert: X509Certificate): Promise<boolean> {
  if (cert.subject !== cert.issuer) return false;
  try {
    return await cert.isSelfSigned();
  } catch {
    return true;
  }
}

async function summarize(cert: X509Certificate, crypto: DigestCrypto): Promise<CertificateSummary> {
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    sha256Fingerprint: colonHex(await crypto.subtle.digest('SHA-256', cert.rawData)),
    isCA: cert.getExtension(BasicConstraintsExtension)?.ca ?? false,
    selfSigned: await isSelfSigned(cert),
  };
}

/**
 * Summarises stored certificates (canonical PEM, as the rules keep them), in order. '' gives
 * []; validity is not checked here, so an expired stored certificate is still shown as it is.
 * Throws on text that is not certificates, which rule-checked data never is.
 */
export async function summarizeCertificates(
  pem: string,
  crypto: DigestCrypto = globalThis.crypto,
): Promise<CertificateSummary[]> {
  if (pem.trim() === '') return [];
  const decoded = decodeCertificateInput(pem, 'certificate');
  if (!decoded.ok) throw new TypeError(decoded.problem.message);
  return Promise.all(decoded.ders.map((der) => summarize(new X509Certificate(der), crypto)));
}
