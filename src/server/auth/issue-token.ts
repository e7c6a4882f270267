import { expiryOf, type ApiToken } from '../../core/tokens/index.js';
import type { ProjectRole } from '../../core/projects/index.js';
import type { TokenRepository } from '../../store/store.js';
import { newResourceId } from '../../core/ids/index.js';
import { generateTokenSecret, hashTokenSecret } from './token-secret.js';

/** What a new token grants. */
export interface TokenRequest {
  readonly name: string;
  readonly admin: boolean;
  readonly roles: readonly { readonly project: string; readonly role: ProjectRole }[];
  /** Lifetime such as `30d`, `12h`, `90m`, `3600s`; no expiry when absent. */
  readonly expiresIn?: string | undefined;
  readonly now: Date;
}

/**
 * Issues a token: a new secret, stored only as its sha256. Returns the stored token and the
 * secret, which the caller shows once. Used by `POST /v1/tokens`, the first start of orchd and
 * `orchd token create`.
 */
export async function issueToken(
  tokens: TokenRepository,
  request: TokenRequest,
): Promise<{ token: ApiToken; secret: string }> {
  const secret = generateTokenSecret();
  const expiresAt = request.expiresIn ? expiryOf(request.expiresIn, request.now) : null;
  const token = await tokens.create({
    id: newResourceId('token'),
    name: request.name,
    admin: request.admin,
    roles: request.roles,
    expiresAt,
    secretHash: hashTokenSecret(secret),
  });
  return { token, secret };
}
