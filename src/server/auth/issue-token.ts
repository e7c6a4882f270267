import { OrchError } from '../../core/errors/index.js';
import type { ApiToken, ProjectRole, TokenRepository } from '../../store/store.js';
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

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

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

/** ISO expiry of a lifetime like `30d`; InvalidArgument for anything else. */
export function expiryOf(expiresIn: string, now: Date): string {
  const match = /^([1-9][0-9]{0,5})([smhd])$/.exec(expiresIn);
  const unit = match?.[2] ? UNIT_SECONDS[match[2]] : undefined;
  if (!match || unit === undefined) {
    throw new OrchError('InvalidArgument', `expiresIn '${expiresIn}' must look like 90m, 12h or 30d`, {
      details: { field: 'expiresIn' },
    });
  }
  return new Date(now.getTime() + Number(match[1]) * unit * 1000).toISOString();
}
