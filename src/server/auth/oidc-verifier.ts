import { createRemoteJWKSet, jwtVerify, errors as joseErrors } from 'jose';
import { OrchError } from '../../core/errors/index.js';
import type { ProjectRole } from '../../store/store.js';
import type { OidcConfig } from '../server-config.js';
import type { Principal } from './principal.js';

/** Verifies a JWT and turns it into a {@link Principal}; throws Unauthenticated. */
export type OidcVerifier = (jwt: string) => Promise<Principal>;

/** EMF's realm roles: `<project>_im-r` grants read, `<project>_im-rw` grants write. */
const ROLE_PATTERN = /^(.+)_im-(r|rw)$/;

/**
 * Clock skew tolerated between orchd and the issuer when judging `exp` and `nbf`: 60 s, enough for
 * hosts kept by NTP, short enough that a revoked session ends within a minute of its expiry.
 */
export const OIDC_CLOCK_TOLERANCE_SECONDS = 60;

/**
 * A verifier for one issuer: checks the signature against the issuer's JWKS (fetched by jose and
 * cached), `iss`, `exp` (required: a JWT that never expires is refused) and `nbf` against `now()`
 * with {@link OIDC_CLOCK_TOLERANCE_SECONDS} of skew, and `aud` when configured (`--oidc-audience`,
 * EMF's Keycloak client). OIDC callers are never admins: administration stays with orchd's own tokens.
 */
export function createOidcVerifier(config: OidcConfig, now: () => Date): OidcVerifier {
  const keys = createRemoteJWKSet(new URL(config.jwksUrl));
  return async (jwt) => {
    let payload;
    try {
      ({ payload } = await jwtVerify(jwt, keys, {
        issuer: config.issuer,
        ...(config.audience ? { audience: config.audience } : {}),
        requiredClaims: ['exp'],
        clockTolerance: OIDC_CLOCK_TOLERANCE_SECONDS,
        currentDate: now(),
      }));
    } catch (error) {
      if (keysUnreachable(error)) {
        throw new OrchError('Unavailable', "the OIDC issuer's signing keys cannot be fetched", {
          cause: error,
        });
      }
      throw new OrchError('Unauthenticated', `the bearer JWT was refused: ${reason(error)}`, {
        cause: error,
      });
    }
    const subject = stringClaim(payload['preferred_username']) ?? stringClaim(payload.sub) ?? 'unknown';
    return {
      kind: 'oidc',
      subject,
      admin: false,
      roles: realmRoles(payload['realm_access']),
      expiresAt: payload.exp === undefined ? null : new Date(payload.exp * 1000).toISOString(),
    };
  };
}

/** Project roles from Keycloak's `realm_access.roles`; other roles are ignored. */
export function realmRoles(realmAccess: unknown): { project: string; role: ProjectRole }[] {
  const roles = (realmAccess as { roles?: unknown } | undefined)?.roles;
  if (!Array.isArray(roles)) return [];
  const out: { project: string; role: ProjectRole }[] = [];
  for (const role of roles) {
    const match = typeof role === 'string' ? ROLE_PATTERN.exec(role) : null;
    if (match?.[1]) out.push({ project: match[1], role: match[2] === 'rw' ? 'write' : 'read' });
  }
  return out;
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The JWKS could not be fetched (network failure, timeout, not a key set): the caller's JWT may
 * be fine, so this is the issuer's outage, not a refusal.
 */
function keysUnreachable(error: unknown): boolean {
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return true;
  return !(error instanceof joseErrors.JOSEError);
}

/** A short reason without echoing the token. */
function reason(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'it has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `claim '${error.claim}' is not acceptable`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the signature does not verify';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no key of the issuer matches it';
  if (error instanceof joseErrors.JOSEError) return error.code;
  return 'it could not be verified';
}
