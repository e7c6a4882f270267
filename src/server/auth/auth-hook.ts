import type { FastifyInstance } from 'fastify';
import type { Authenticator } from './authenticator.js';
import { ROUTE_ACCESS, assertAccess, type Principal, type RouteAccess } from './principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; set by the auth hook on every non-public route. */
    principal: Principal | null;
  }
  interface FastifySchema {
    /** Who may call the route; also published in the OpenAPI document. */
    'x-access'?: RouteAccess;
  }
}

/** Schema fragment declaring a route's access, with the OpenAPI security requirement it implies. */
export function access(level: RouteAccess): {
  'x-access': RouteAccess;
  security?: { bearerAuth: string[] }[];
} {
  return level === 'public' ? { 'x-access': level } : { 'x-access': level, security: [{ bearerAuth: [] }] };
}

/**
 * Authenticates and authorises every request of the context it is registered in, before the body
 * is parsed or validated (so an anonymous caller learns nothing from validation errors). A route
 * that does not declare `x-access` is refused at startup: nothing is public by omission.
 */
export function registerAuthHook(app: FastifyInstance, authenticate: Authenticator): void {
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    const level = route.schema?.['x-access'];
    if (!level || !ROUTE_ACCESS.includes(level)) {
      throw new Error(`route ${route.method.toString()} ${route.url} declares no x-access`);
    }
  });
  app.addHook('onRequest', async (request) => {
    const level = request.routeOptions.schema?.['x-access'] ?? 'admin';
    if (level === 'public') return;
    const principal = await authenticate(request.headers.authorization);
    request.principal = principal;
    const project = (request.params as { project?: string } | undefined)?.project;
    assertAccess(principal, level, project);
  });
}

/** The caller of an authenticated route (the hook guarantees it is set). */
export function principalOf(request: { principal: Principal | null }): Principal {
  if (!request.principal) throw new Error('principal read on a public route');
  return request.principal;
}
