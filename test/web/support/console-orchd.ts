import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app.js';
import { issueToken } from '../../../src/server/auth/issue-token.js';
import type { ValidateImage } from '../../../src/server/validation/validation-options.js';
import type { ServerConfig } from '../../../src/server/server-config.js';
import { projectSeeder } from '../../../src/server/projects/project-seeder.js';
import { openStore, type KyselyStore } from '../../../src/store/index.js';

/** A real orchd on SQLite serving a console build, with a clock the tests can move. */
export interface ConsoleOrchd {
  readonly url: string;
  readonly port: number;
  readonly store: KyselyStore;
  app: FastifyInstance;
  /** Moves orchd's clock (token expiry) forward. */
  advance(ms: number): void;
  token(options: { name: string; admin?: boolean; expiresIn?: string }): Promise<string>;
  /** Stops serving (open streams end), keeping the store: orchd going away. */
  stop(): Promise<void>;
  /** Serves again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts orchd over a new SQLite store with project `default` and its default profiles, the
 * console from `webRoot`, and the given validator (none: jobs stay pending, as on a replica
 * that runs no validation).
 */
export async function startConsoleOrchd(
  webRoot: string,
  validate?: ValidateImage,
  config: Partial<ServerConfig> = {},
): Promise<ConsoleOrchd> {
  const dir = await mkdtemp(join(tmpdir(), 'edge-orch-console-orchd-'));
  await mkdir(join(dir, 'scratch'));
  const store = await openStore({ url: `sqlite:${join(dir, 'orch.db')}` });
  await store.migrateToLatest();
  await store.projects.create('default');
  const releaseServiceUrl = 'https://files-rs.example.test';
  await projectSeeder(store, releaseServiceUrl)('default');
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);
  const make = () =>
    buildApp({
      store,
      config: { releaseServiceUrl, ...config },
      clock,
      webRoot,
      validationStream: { heartbeatMs: 1000 },
      ...(validate ? { validation: { validate, scratchDir: join(dir, 'scratch'), pollMs: 50 } } : {}),
    });
  let port = 0;
  const listen = async (app: FastifyInstance) => {
    await app.listen({ host: '127.0.0.1', port });
    port = (app.server.address() as { port: number }).port;
  };
  const orchd: ConsoleOrchd = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    store,
    app: await make(),
    advance: (ms) => void (offset += ms),
    token: async ({ name, admin = true, expiresIn }) =>
      (await issueToken(store.tokens, { name, admin, roles: [], expiresIn, now: clock() })).secret,
    stop: () => orchd.app.close(),
    restart: async () => {
      orchd.app = await make();
      await listen(orchd.app);
    },
    close: async () => {
      await orchd.app.close();
      await store.close();
    },
  };
  await listen(orchd.app);
  return orchd;
}
