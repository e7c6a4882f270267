import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { access, principalOf } from '../auth/auth-hook.js';
import { AUTH_ERRORS, errorResponses } from '../schemas/error-schema.js';
import { WhoAmI } from '../../api/index.js';

/** `GET /v1/whoami`: the caller as orchd sees it (any valid credential may ask). */
export const whoamiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/whoami',
    {
      schema: {
        ...access('authenticated'),
        tags: ['auth'],
        summary: 'The calling token or user and its roles',
        response: { 200: WhoAmI, ...errorResponses(...AUTH_ERRORS) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      return {
        kind: p.kind,
        subject: p.subject,
        ...(p.tokenId ? { tokenId: p.tokenId } : {}),
        admin: p.admin,
        roles: [...p.roles],
        expiresAt: p.expiresAt,
      };
    },
  );
};
