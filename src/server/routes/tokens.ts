import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { OrchError } from '../../core/errors/index.js';
import { TOKEN_LIFETIME_PATTERN } from '../../core/tokens/index.js';
import type { ApiToken, Store } from '../../store/store.js';
import { access } from '../auth/auth-hook.js';
import { issueToken } from '../auth/issue-token.js';
import { AUTH_ERRORS, errorResponses } from '../schemas/error-schema.js';
import { RoleGrant } from '../schemas/role-grant-schema.js';

/** What the token routes use. */
export interface TokenRouteOptions {
  readonly store: Store;
  readonly clock: () => Date;
}

const TokenBody = Type.Object({
  id: Type.String({ description: '`token-` + 8 hex; safe to show.' }),
  name: Type.String(),
  admin: Type.Boolean(),
  roles: Type.Array(RoleGrant),
  createdAt: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
});
const CreatedToken = Type.Object({
  ...TokenBody.properties,
  secret: Type.String({ description: 'The bearer token. Shown once: only its sha256 is stored.' }),
});
const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    roles: Type.Optional(Type.Array(RoleGrant, { maxItems: 1000 })),
    admin: Type.Optional(Type.Boolean()),
    expiresIn: Type.Optional(
      Type.String({ pattern: TOKEN_LIFETIME_PATTERN, description: 'Lifetime: `90m`, `12h`, `30d`...' }),
    ),
  },
  { additionalProperties: false },
);
const TokenIdParams = Type.Object({ id: Type.String({ maxLength: 64 }) }, { additionalProperties: false });

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
        response: { 200: Type.Object({ tokens: Type.Array(TokenBody) }), ...errorResponses(...AUTH_ERRORS) },
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
