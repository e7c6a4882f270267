export {
  CERTIFICATE_INPUT_MAX_LENGTH,
  CERTIFICATE_MAX_COUNT,
  CERTIFICATE_RULES,
} from './certificate-rules.js';
export type { CertificateProblem, CertificateRule } from './certificate-rules.js';
export { decodeBase64, decodeCertificateInput, encodeBase64 } from './certificate-input.js';
export { parseCertificates, toPem } from './certificate-parse.js';
export type { ParseCertificatesOptions, ParsedCertificates } from './certificate-parse.js';
export { summarizeCertificates } from './certificate-summary.js';
export type { CertificateSummary, DigestCrypto } from './certificate-summary.js';
export { encodeCertificateForWire } from './certificate-wire.js';
