/** A certificate problem: a stable rule id and the one message for it. */
export interface CertificateProblem {
  readonly rule: string;
  readonly message: string;
}

/** Most characters a certificate input may have: a long chain is a few KiB per certificate. */
export const CERTIFICATE_INPUT_MAX_LENGTH = 262144;
/** Most certificates one input may hold. */
export const CERTIFICATE_MAX_COUNT = 32;

/** A rule: called with its arguments it builds the problem; `id` names it without building one. */
export type CertificateRule<A extends readonly unknown[]> = ((...args: A) => CertificateProblem) & {
  readonly id: string;
};

const problem = <A extends readonly unknown[]>(
  rule: string,
  message: (...args: A) => string,
): CertificateRule<A> =>
  Object.assign((...args: A): CertificateProblem => ({ rule, message: message(...args) }), { id: rule });

/** What is wrong, with the dates as ISO-8601 UTC. `label` is the field, e.g. `tlsCaCert`. */
const validity = (notBefore: Date, notAfter: Date) =>
  `valid from ${notBefore.toISOString()} to ${notAfter.toISOString()}`;

/**
 * Every rule of certificate input. `label` starts each message so the field reads first
 * (`tlsCaCert: certificate "CN=..." expired on ...`).
 */
export const CERTIFICATE_RULES = Object.freeze({
  format: problem(
    'certificate.format',
    (label: string) =>
      `${label} is not a certificate: give PEM text (-----BEGIN CERTIFICATE-----), its base64 encoding, or base64 DER.`,
  ),
  privateKey: problem(
    'certificate.private-key',
    (label: string) => `${label} contains a private key; give only the certificate(s), never a key.`,
  ),
  pemType: problem(
    'certificate.pem-type',
    (label: string, type: string) =>
      `${label} contains a PEM block of type "${type.slice(0, 64)}"; only CERTIFICATE blocks are accepted.`,
  ),
  invalid: problem(
    'certificate.invalid',
    (label: string, index: number, count: number) =>
      `${label}: certificate ${index} of ${count} is not a valid X.509 certificate.`,
  ),
  expired: problem(
    'certificate.expired',
    (label: string, subject: string, notBefore: Date, notAfter: Date) =>
      `${label}: certificate "${subject}" expired on ${notAfter.toISOString()} (${validity(notBefore, notAfter)}).`,
  ),
  notYetValid: problem(
    'certificate.not-yet-valid',
    (label: string, subject: string, notBefore: Date, notAfter: Date) =>
      `${label}: certificate "${subject}" is not valid until ${notBefore.toISOString()} (${validity(notBefore, notAfter)}).`,
  ),
  size: problem(
    'certificate.size',
    (label: string) => `${label} must be at most ${CERTIFICATE_INPUT_MAX_LENGTH} characters.`,
  ),
  count: problem(
    'certificate.count',
    (label: string, count: number) =>
      `${label} holds ${count} certificates; at most ${CERTIFICATE_MAX_COUNT} are accepted.`,
  ),
});
