import { randomBytes } from 'node:crypto';
import { hashTokenSecret } from '../auth/token-secret.js';

/** Node credentials start with this, so they are told apart from operator tokens (`eo_`). */
export const NODE_CREDENTIAL_PREFIX = 'en_';

/** A new node credential (256 random bits) and the hash the store keeps instead of it. */
export function newNodeCredential(): { credential: string; hash: string } {
  const credential = NODE_CREDENTIAL_PREFIX + randomBytes(32).toString('base64url');
  return { credential, hash: hashTokenSecret(credential) };
}

/** The stored form of a presented credential. */
export const hashNodeCredential = hashTokenSecret;
