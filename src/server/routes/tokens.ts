import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { OrchError } from '../../core/errors/index.js';
import type { ApiToken, Store } from '../../store/store.js';
import { access } from '../auth/auth-hook.js';
import { issueToken } from '../auth/issue-token.js';
import { AUTH_ERRORS, errorResponses } from '../schemas/error-schema.js';
import { CreatedToken, CreateTokenBody, TokenIdParams, TokenList } from '../../api/index.js';

/** What the token routes use. */
export interface TokenRouteOptions {
  readonly store: Store;
  readonly clock: () => Date;
}

function wire(token: ApiToken) {
  const { id, name, admin, roles, createdAt, expiresAt } = token;
  return { id, name, admin, roles: [...roles], createdAt, expiresAt };
}

/** Token management, for admins: issue (the secret is returned once), list, revoke. */
export const tokenRoutes: FastifyPluginAsyncTypebox<TokenRouteOptions> = async (app, opts) => {
  app.post(
    '/v1/tokens',
    {
      schema: {
        ...access('admin'),
        tags: ['tokens'],
        summary: 'Issue a token; the secret is in this answer only',
        body: CreateTokenBody,
        response: { 201: CreatedToken, ...errorResponses(...AUTH_ERRORS) },
      },
    },
    async (request, reply) => {
      const { name, roles = [], admin = false, expiresIn } = request.body;
      if (!admin && roles.length === 0) {
        throw new OrchError('InvalidArgument', "a token needs 'admin: true' or at least one project role", {
          details: { field: 'roles' },
        });
      }
      const issued = await issueToken(opts.store.tokens, {
        name,
        roles,
        admin,
        expiresIn,
        now: opts.clock(),
      });
      return reply.status(201).send({ ...wire(issued.token), secret: issued.secret });
    },
  );
  app.get(
    '/v1/tokens',
    {
      schema: {
        ...access('admin'),
        tags: ['tokens'],
        summary: 'List tokens (never their secrets)',
        response: { 200: TokenList, ...errorResponses(...AUTH_ERRORS) },
      },
    },
    async () => ({ tokens: (await opts.store.tokens.list()).map(wire) }),
  );
  app.delete(
    '/v1/tokens/:id',
    {
      schema: {
        ...access('admin'),
        tags: ['tokens'],
        summary: 'Revoke a token',
        params: TokenIdParams,
        response: { 204: Type.Null({ description: 'Revoked.' }), ...errorResponses(...AUTH_ERRORS, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await opts.store.tokens.revoke(id))) {
        throw new OrchError('NotFound', `token '${id}' not found`, { details: { id } });
      }
      return reply.status(204).send(null);
    },
  );
};
