import { createHash, randomBytes } from 'node:crypto';

/** Every orchd token starts with this, so a leaked one is easy to recognise (and to grep for). */
export const TOKEN_PREFIX = 'eo_';

/** A new token secret: `eo_` + 32 random bytes in base64url (256 bits). Shown once, never stored. */
export function generateTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** What the store keeps instead of the secret: sha256 of it, lower-case hex. */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
