/**
 * What the web console learns of orchd before anyone signs in (TypeBox).
 * @module
 */
import { Type, type Static } from 'typebox';

/** `GET /v1/console/config` (public): how the console may sign people in. */
export const ConsoleConfig = Type.Object({
  oidc: Type.Union([
    Type.Object({
      issuer: Type.String({ description: 'The OIDC issuer; its discovery document names the endpoints.' }),
      clientId: Type.String({ description: 'The public client of the console (authorization code + PKCE).' }),
      scope: Type.String({ description: 'Scopes to ask for.' }),
    }),
    Type.Null({ description: 'No OIDC sign-in: orchd tokens (or pasted access tokens) only.' }),
  ]),
});
export type ConsoleConfig = Static<typeof ConsoleConfig>;
