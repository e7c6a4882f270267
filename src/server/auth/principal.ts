import { OrchError } from '../../core/errors/index.js';
import type { ProjectRole } from '../../store/store.js';

/** Who is calling: an orchd token or an OIDC JWT, with its roles. */
export interface Principal {
  readonly kind: 'token' | 'oidc';
  /** Token name, or the JWT's `preferred_username` / `sub`. */
  readonly subject: string;
  /** The token's id (`token-...`); absent for JWTs. */
  readonly tokenId?: string;
  /** Admins may do everything, in every project. */
  readonly admin: boolean;
  readonly roles: readonly { readonly project: string; readonly role: ProjectRole }[];
  /** ISO-8601 expiry, or null when the credential does not expire. */
  readonly expiresAt: string | null;
}

/**
 * What a route needs: `public` (no token), `authenticated` (any valid credential), `admin`, or a
 * role on the route's `{project}`: `read` or `write` (write implies read).
 */
export const ROUTE_ACCESS = ['public', 'authenticated', 'admin', 'read', 'write'] as const;
export type RouteAccess = (typeof ROUTE_ACCESS)[number];

/** The strongest role the principal holds on `project`, or undefined. Admins hold `write` everywhere. */
export function roleOn(principal: Principal, project: string): ProjectRole | undefined {
  if (principal.admin) return 'write';
  let best: ProjectRole | undefined;
  for (const grant of principal.roles) {
    if (grant.project !== project) continue;
    if (grant.role === 'write') return 'write';
    best = 'read';
  }
  return best;
}

/**
 * Throws PermissionDenied unless the principal may do `access` on `project`.
 *
 * The check looks only at the credential, never at the store: a project the caller has no role on
 * and a project that does not exist answer the same 403, so a non-admin cannot probe which project
 * names exist. Admins pass and then see 404 for a missing project.
 */
export function assertAccess(principal: Principal, access: RouteAccess, project: string | undefined): void {
  if (access === 'public' || access === 'authenticated') return;
  if (access === 'admin') {
    if (!principal.admin) throw new OrchError('PermissionDenied', 'this call needs an admin token');
    return;
  }
  if (project === undefined)
    throw new OrchError('Internal', `route needs a {project} for '${access}' access`);
  const role = roleOn(principal, project);
  if (role === 'write' || (role === 'read' && access === 'read')) return;
  const message = role
    ? `the token has read-only access to project '${project}'; this call needs write`
    : `the token has no role on project '${project}'`;
  throw new OrchError('PermissionDenied', message, { details: { project, needs: access } });
}
