/**
 * Authenticode inspection of PE files (EFI loaders, UKIs, kernels) and UKI text sections.
 * @module
 */
export { inspectAuthenticode } from './inspect-authenticode.js';
export type { AuthenticodeReport } from './inspect-authenticode.js';
export type { SignerSummary } from './verify-signed-data.js';
export type { AuthenticodeDigest } from './authenticode-hash.js';
export { authenticodeHash } from './authenticode-hash.js';
export { decodePe, looksLikePe } from './pe-file.js';
export type { PeFile, PeSection } from './pe-file.js';
export { readUkiCmdline } from './uki-sections.js';
export type { UkiText } from './uki-sections.js';
