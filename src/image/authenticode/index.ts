/**
 * Authenticode inspection of PE files (EFI loaders, UKIs, kernels), the Secure Boot chain as
 * firmware and shim judge it, and UKI text sections. Every reader goes through a ByteSource.
 * @module
 */
export { inspectAuthenticode } from './inspect-authenticode.js';
export type { AuthenticodeReport } from './inspect-authenticode.js';
export type { SignerSummary } from './verify-signed-data.js';
export type { AuthenticodeDigest } from './authenticode-hash.js';
export { authenticodeHash, authenticodeHashes } from './authenticode-hash.js';
export { decodePe, looksLikePe, readSection } from './pe-file.js';
export type { PeFile, PeSection } from './pe-file.js';
export { readUkiCmdline } from './uki-sections.js';
export type { UkiText } from './uki-sections.js';
export { examinePe } from './examine-pe.js';
export type { PeExam, PolicySections } from './examine-pe.js';
export { judgeBootChain } from './boot-chain.js';
export type { ChainBinary, ChainVerdict, SecureBootTrust } from './boot-chain.js';
export { nodeCryptoEngine } from './crypto-engine.js';
export {
  decodeSignatureLists,
  EFI_CERT_SHA256_GUID,
  EFI_CERT_X509_GUID,
  guidText,
  signatureDatabase,
} from './efi-signature-list.js';
export type { EfiSignature, SignatureDatabase } from './efi-signature-list.js';
export { decodeVendorCert } from './vendor-cert.js';
export type { VendorCert } from './vendor-cert.js';
export { decodeSbatLevelSection } from './sbat-level-section.js';
