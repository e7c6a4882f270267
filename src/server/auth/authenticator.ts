import { OrchError } from '../../core/errors/index.js';
import type { TokenRepository } from '../../store/store.js';
import type { OidcVerifier } from './oidc-verifier.js';
import type { Principal } from './principal.js';
import { TOKEN_PREFIX, hashTokenSecret } from './token-secret.js';

/** Turns an `Authorization` header into a {@link Principal}; throws Unauthenticated. */
export type Authenticator = (authorization: string | undefined) => Promise<Principal>;

/** What the authenticator uses: the token table, the clock, and optionally an OIDC verifier. */
export interface AuthenticatorDeps {
  readonly tokens: TokenRepository;
  readonly now: () => Date;
  readonly oidc?: OidcVerifier;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * `Bearer eo_...` is looked up by its sha256 in the token table (expired tokens are refused);
 * any other bearer is a JWT for the OIDC verifier when one is configured. Messages never echo
 * the credential.
 */
export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  return async (authorization) => {
    if (!authorization) throw new OrchError('Unauthenticated', 'this call needs a bearer token');
    const credential = BEARER.exec(authorization)?.[1];
    if (!credential)
      throw new OrchError('Unauthenticated', "the Authorization header must be 'Bearer <token>'");
    if (credential.startsWith(TOKEN_PREFIX)) return fromToken(deps, credential);
    if (deps.oidc) return deps.oidc(credential);
    throw new OrchError('Unauthenticated', 'the bearer token is not an orchd token');
  };
}

async function fromToken(deps: AuthenticatorDeps, secret: string): Promise<Principal> {
  const token = await deps.tokens.findBySecretHash(hashTokenSecret(secret));
  if (!token) throw new OrchError('Unauthenticated', 'the bearer token is unknown or revoked');
  if (token.expiresAt !== null && Date.parse(token.expiresAt) <= deps.now().getTime()) {
    throw new OrchError('Unauthenticated', `the bearer token '${token.name}' expired at ${token.expiresAt}`);
  }
  return {
    kind: 'token',
    subject: token.name,
    tokenId: token.id,
    admin: token.admin,
    roles: token.roles,
    expiresAt: token.expiresAt,
  };
}
