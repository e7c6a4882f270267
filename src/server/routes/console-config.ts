import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ConsoleConfig } from '../../api/console-schemas.js';
import { access } from '../auth/auth-hook.js';
import { errorResponses } from '../schemas/error-schema.js';
import type { OidcConfig } from '../server-config.js';

/**
 * `GET /v1/console/config`: read by the web console before sign-in. Public, and says no more
 * than the issuer's own discovery document does: the issuer and the console's public client id.
 */
export const consoleConfigRoutes: FastifyPluginAsyncTypebox<{ oidc: OidcConfig | undefined }> = async (
  app,
  { oidc },
) => {
  const answer: ConsoleConfig = {
    oidc:
      oidc?.consoleClientId !== undefined
        ? { issuer: oidc.issuer, clientId: oidc.consoleClientId, scope: 'openid profile' }
        : null,
  };
  app.get(
    '/v1/console/config',
    {
      schema: {
        ...access('public'),
        tags: ['console'],
        summary: 'How the web console signs people in (OIDC issuer and client, or none)',
        response: { 200: ConsoleConfig, ...errorResponses(500) },
      },
    },
    async () => answer,
  );
};
