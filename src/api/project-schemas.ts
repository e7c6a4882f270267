import { Type, type Static } from 'typebox';
import { PROJECT_NAME_PATTERN, PROJECT_ROLES } from '../core/projects/index.js';
import { TOKEN_LIFETIME_PATTERN } from '../core/tokens/index.js';
import { literals, nullable } from './schema-helpers.js';

/** A project name in a path or a body. */
export const ProjectName = Type.String({
  pattern: PROJECT_NAME_PATTERN,
  description: 'Lower-case letters, digits and -, 1..63 characters.',
});

/** `{project}` path parameter. */
export const ProjectParams = Type.Object({ project: ProjectName }, { additionalProperties: false });

/** One role of a token on a project; `write` implies `read`. */
export const RoleGrant = Type.Object(
  { project: ProjectName, role: literals(PROJECT_ROLES, '`read`, or `write` (implies read).') },
  { additionalProperties: false },
);
export type RoleGrant = Static<typeof RoleGrant>;

/** A project as the API shows it. */
export const Project = Type.Object({
  name: Type.String(),
  description: Type.String(),
  createdAt: Type.String({ description: 'ISO-8601 UTC' }),
});
export type Project = Static<typeof Project>;

/** `POST /v1/projects` answer. */
export const CreatedProject = Type.Object({
  ...Project.properties,
  defaultProfilesSeeded: Type.Integer({ description: 'Default OS profiles added to the new project.' }),
});
export type CreatedProject = Static<typeof CreatedProject>;

/** `POST /v1/projects` body. */
export const CreateProjectBody = Type.Object(
  { name: ProjectName, description: Type.Optional(Type.String({ maxLength: 1024 })) },
  { additionalProperties: false },
);
export type CreateProjectBody = Static<typeof CreateProjectBody>;

/** `GET /v1/projects` answer. */
export const ProjectList = Type.Object({ projects: Type.Array(Project), totalElements: Type.Integer() });
export type ProjectList = Static<typeof ProjectList>;

/** An API token as shown (never its secret after creation). */
export const Token = Type.Object({
  id: Type.String({ description: '`token-` + 8 hex; safe to show.' }),
  name: Type.String(),
  admin: Type.Boolean(),
  roles: Type.Array(RoleGrant),
  createdAt: Type.String(),
  expiresAt: nullable(Type.String()),
});
export type Token = Static<typeof Token>;

/** `POST /v1/tokens` answer: the token and its secret, shown once. */
export const CreatedToken = Type.Object({
  ...Token.properties,
  secret: Type.String({ description: 'The bearer token. Shown once: only its sha256 is stored.' }),
});
export type CreatedToken = Static<typeof CreatedToken>;

/** `POST /v1/tokens` body. */
export const CreateTokenBody = Type.Object(
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
export type CreateTokenBody = Static<typeof CreateTokenBody>;

/** `GET /v1/tokens` answer. */
export const TokenList = Type.Object({ tokens: Type.Array(Token) });
export type TokenList = Static<typeof TokenList>;

/** `{id}` of a token. */
export const TokenIdParams = Type.Object(
  { id: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

/** `GET /v1/whoami` answer: the caller as orchd sees it. */
export const WhoAmI = Type.Object({
  kind: Type.Union([Type.Literal('token'), Type.Literal('oidc')]),
  subject: Type.String({ description: 'Token name, or the JWT user.' }),
  tokenId: Type.Optional(Type.String()),
  admin: Type.Boolean(),
  roles: Type.Array(RoleGrant),
  expiresAt: nullable(Type.String()),
});
export type WhoAmI = Static<typeof WhoAmI>;
