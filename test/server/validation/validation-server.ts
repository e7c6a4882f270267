import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../../src/server/app.js';
import { issueToken } from '../../../src/server/auth/issue-token.js';
import type { ValidationRunnerSettings } from '../../../src/server/validation/validation-options.js';
import type { Store } from '../../../src/store/store.js';
import { TEST_RELEASE_SERVICE_URL } from '../support/test-server.js';

/** An app with a validation runner over a store, and an admin token. */
export interface ValidationServer {
  readonly app: FastifyInstance;
  readonly store: Store;
  /** The scratch folder the runner hands to the validator (removed on close). */
  readonly scratchDir: string;
  call(options: InjectOptions & { secret?: string }): Promise<LightMyRequestResponse>;
  token(project: string, role: 'read' | 'write'): Promise<string>;
  /** Closes the app (its runner releases running jobs) and then the store. */
  close(): Promise<void>;
}

/** Fast leases and polls, so restarts and take-overs happen within a test. */
export const FAST_RUNNER = { leaseMs: 600, pollMs: 40, progressMs: 0 } as const;

/** Builds and readies an app whose runner uses `settings`, with a temporary scratch folder by default. */
export async function startValidationServer(
  store: Store,
  settings: Omit<ValidationRunnerSettings, 'scratchDir'> & { scratchDir?: string },
): Promise<ValidationServer> {
  const scratchDir = settings.scratchDir ?? (await mkdtemp(join(tmpdir(), 'orchd-scratch-')));
  const app = await buildApp({
    store,
    config: { releaseServiceUrl: TEST_RELEASE_SERVICE_URL },
    validation: { ...FAST_RUNNER, ...settings, scratchDir },
    validationStream: { heartbeatMs: 100 },
  });
  await app.ready();
  const issue = async (roles: { project: string; role: 'read' | 'write' }[], admin = false) =>
    (await issueToken(store.tokens, { name: 'validation-test', admin, roles, now: new Date() })).secret;
  const admin = await issue([], true);
  return {
    app,
    store,
    scratchDir,
    call: ({ secret, headers, ...rest }) =>
      app.inject({ ...rest, headers: { authorization: `Bearer ${secret ?? admin}`, ...headers } }),
    token: (project, role) => issue([{ project, role }]),
    close: async () => {
      await app.close();
      await store.close();
      if (!settings.scratchDir) await rm(scratchDir, { recursive: true, force: true });
    },
  };
}
