import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../../src/server/app.js';
import { issueToken } from '../../../src/server/auth/issue-token.js';
import type { ServerConfig } from '../../../src/server/server-config.js';
import type { ProjectRole, Store } from '../../../src/store/store.js';

/** Release Service base used by the tests (never contacted). */
export const TEST_RELEASE_SERVICE_URL = 'https://files-rs.example.test';

/** An app over a store, with an admin token and a way to issue more. */
export interface TestServer {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly adminSecret: string;
  /** Issues a token with these roles (and optionally admin) straight into the store. */
  token(roles: readonly { project: string; role: ProjectRole }[], admin?: boolean): Promise<string>;
  /** `app.inject` with `Authorization: Bearer <secret>` (the admin token unless given). */
  call(options: InjectOptions & { secret?: string | null }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Builds an app over `store` (which it closes on `close`) with a fresh admin token. */
export async function startTestServer(
  store: Store,
  config: Partial<ServerConfig> = {},
  clock?: () => Date,
): Promise<TestServer> {
  const app = await buildApp({
    store,
    config: { releaseServiceUrl: TEST_RELEASE_SERVICE_URL, ...config },
    ...(clock ? { clock } : {}),
  });
  const issue = async (roles: readonly { project: string; role: ProjectRole }[], admin = false) =>
    (
      await issueToken(store.tokens, {
        name: `test-${roles.length}`,
        admin,
        roles,
        now: clock?.() ?? new Date(),
      })
    ).secret;
  const adminSecret = await issue([], true);
  return {
    app,
    store,
    adminSecret,
    token: issue,
    call: ({ secret, headers, ...rest }) => {
      const bearer = secret === null ? {} : { authorization: `Bearer ${secret ?? adminSecret}` };
      return app.inject({ ...rest, headers: { ...bearer, ...headers } });
    },
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
