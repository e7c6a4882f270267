import { OrchError } from '../../core/errors/index.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Normalises an expected sha256 (hex, any case, surrounding spaces ignored). Upper-case digests
 * are common in checksum files and must pass; anything else is refused before the download.
 */
export function parseSha256(text: string): string {
  const digest = text.trim().toLowerCase();
  if (!SHA256_HEX.test(digest)) {
    throw new OrchError('InvalidArgument', `The expected sha256 must be 64 hex digits, got "${text}".`, {
      details: { field: 'expectedSha256' },
    });
  }
  return digest;
}

/** Throws CHECKSUM_MISMATCH, with both digests in the message and the details, when they differ. */
export function verifySha256(expected: string, actual: string, bytes: number): void {
  if (expected === actual) return;
  throw new OrchError(
    'CHECKSUM_MISMATCH',
    `sha256 mismatch: expected ${expected}, got ${actual} over ${bytes} downloaded bytes.`,
    { details: { expected, actual, bytes } },
  );
}
