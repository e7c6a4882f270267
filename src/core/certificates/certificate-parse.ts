import { X509Certificate } from '@peculiar/x509';
import { decodeCertificateInput, encodeBase64 } from './certificate-input.js';
import {
  CERTIFICATE_INPUT_MAX_LENGTH,
  CERTIFICATE_MAX_COUNT,
  CERTIFICATE_RULES as R,
  type CertificateProblem,
} from './certificate-rules.js';

/** Outcome of {@link parseCertificates}. */
export type ParsedCertificates =
  | { readonly ok: true; readonly pem: string; readonly certificates: readonly X509Certificate[] }
  | { readonly ok: false; readonly problems: readonly CertificateProblem[] };

export interface ParseCertificatesOptions {
  /** The instant validity is checked at; callers pass their clock's time, never read here. */
  readonly now: Date;
  /** Field name that starts each message. Default `certificate`. */
  readonly label?: string;
  /**
   * Whether each certificate must be valid at `now`. Default true. False for trust anchors whose
   * consumer ignores validity: UEFI Secure Boot checks signatures against db certificates without
   * judging their dates (firmware often has no trusted clock), so an expired one still works.
   */
  readonly checkValidity?: boolean;
}

const PEM_LINE_LENGTH = 64;

/** RFC 7468 strict form: 64-character lines, LF line ends, one trailing LF per block. */
export function toPem(der: Uint8Array): string {
  const body = encodeBase64(der).match(new RegExp(`.{1,${PEM_LINE_LENGTH}}`, 'g')) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${body.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** X.509 validity (RFC 5280 section 4.1.2.5): both bounds inclusive. */
function validityProblem(cert: X509Certificate, now: Date, label: string): CertificateProblem | undefined {
  if (now.getTime() < cert.notBefore.getTime())
    return R.notYetValid(label, cert.subject, cert.notBefore, cert.notAfter);
  if (now.getTime() > cert.notAfter.getTime())
    return R.expired(label, cert.subject, cert.notBefore, cert.notAfter);
  return undefined;
}

/**
 * Parses one or more X.509 certificates from PEM text, base64 of PEM (EMF's tlsCaCert) or base64
 * DER, and checks each is valid at `now` (unless `checkValidity` is false). Returns canonical PEM text (every certificate, in input
 * order) or every problem found: a non-certificate, a private key, an unparsable certificate, an
 * expired or a not-yet-valid one (the message names its subject and dates).
 */
export function parseCertificates(text: string, options: ParseCertificatesOptions): ParsedCertificates {
  const label = options.label ?? 'certificate';
  if (text.length > CERTIFICATE_INPUT_MAX_LENGTH) return { ok: false, problems: [R.size(label)] };
  const decoded = decodeCertificateInput(text, label);
  if (!decoded.ok) return { ok: false, problems: [decoded.problem] };
  const { ders } = decoded;
  if (ders.length > CERTIFICATE_MAX_COUNT) return { ok: false, problems: [R.count(label, ders.length)] };
  const certificates: X509Certificate[] = [];
  const problems: CertificateProblem[] = [];
  ders.forEach((der, index) => {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(der);
    } catch {
      problems.push(R.invalid(label, index + 1, ders.length));
      return;
    }
    const problem = options.checkValidity === false ? undefined : validityProblem(cert, options.now, label);
    if (problem) problems.push(problem);
    certificates.push(cert);
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, pem: certificates.map((c) => toPem(new Uint8Array(c.rawData))).join(''), certificates };
}
