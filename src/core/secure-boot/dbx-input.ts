/**
 * The forms a profile's Secure Boot deny list (`secureBootDbx`) arrives in: PEM certificates and
 * SHA-256 Authenticode hashes (64 hex digits, optionally `sha256:`-prefixed, one per line; `#`
 * starts a comment), as an operator copies them from a dbx listing.
 */
import { decodeCertificateInput } from '../certificates/index.js';

/** The decoded deny list. */
export interface DbxInput {
  /** DER of each certificate. */
  readonly certificates: readonly Uint8Array[];
  /** Lower-case hex of each SHA-256 hash, in input order, without duplicates. */
  readonly sha256: readonly string[];
}

/** Decoded, or the problem (a sentence naming the field). */
export type DbxParse =
  { readonly ok: true; readonly value: DbxInput } | { readonly ok: false; readonly problem: string };

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
const HASH = /^(?:sha256:)?([0-9a-fA-F]{64})$/;
/** Most hashes one deny list may hold (Microsoft's dbx has a few hundred). */
export const DBX_MAX_HASHES = 4096;

/** Decodes `text`; '' gives an empty list. `label` names the field in problems. */
export function parseDbxInput(text: string, label = 'secureBootDbx'): DbxParse {
  const blocks = text.match(PEM_BLOCK) ?? [];
  let certificates: readonly Uint8Array[] = [];
  if (blocks.length > 0) {
    const decoded = decodeCertificateInput(blocks.join('\n'), label);
    if (!decoded.ok) return { ok: false, problem: decoded.problem.message };
    certificates = decoded.ders;
  }
  const rest = text.replace(PEM_BLOCK, '\n');
  const sha256: string[] = [];
  for (const [index, raw] of rest.split(/\r?\n/).entries()) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const hash = HASH.exec(line)?.[1];
    if (hash === undefined) {
      return {
        ok: false,
        problem: `${label}: line ${index + 1} "${line.slice(0, 64)}" is neither a PEM certificate nor a SHA-256 hash (64 hex digits).`,
      };
    }
    if (!sha256.includes(hash.toLowerCase())) sha256.push(hash.toLowerCase());
  }
  if (sha256.length > DBX_MAX_HASHES) {
    return {
      ok: false,
      problem: `${label} holds ${sha256.length} hashes; at most ${DBX_MAX_HASHES} are accepted.`,
    };
  }
  return { ok: true, value: { certificates, sha256 } };
}
