import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app.js';
import { issueToken } from '../../../src/server/auth/issue-token.js';
import type { ServerConfig } from '../../../src/server/server-config.js';
import { openStore, type KyselyStore, type ProjectRole } from '../../../src/store/index.js';

/** A real orchd app over a SQLite file in a temp folder, listening on loopback. */
export interface CliOrchd {
  readonly dir: string;
  readonly url: string;
  readonly adminToken: string;
  readonly store: KyselyStore;
  /** Issues a token with these roles straight into the store. */
  token(roles: readonly { project: string; role: ProjectRole }[]): Promise<string>;
  /** Another app over the same store (HTTPS, OIDC), listening on its own port; closed with this one. */
  extraApp(config: Partial<ServerConfig>, https?: { cert: string; key: string }): Promise<string>;
  close(): Promise<void>;
}

async function listen(app: FastifyInstance, scheme: 'http' | 'https'): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `${scheme}://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** Starts orchd in this process (SQLite temp file), with project "default" and its seven profiles. */
export async function startCliOrchd(): Promise<CliOrchd> {
  const dir = await mkdtemp(join(tmpdir(), 'orch-cli-test-'));
  const store = await openStore({ url: `sqlite:${join(dir, 'orch.db')}` });
  await store.migrateToLatest();
  const apps: FastifyInstance[] = [];
  const start = async (config: Partial<ServerConfig>, https?: { cert: string; key: string }) => {
    const app = await buildApp({
      store,
      config: { releaseServiceUrl: 'https://files-rs.example.test', ...config },
      ...(https ? { https: { cert: Buffer.from(https.cert), key: Buffer.from(https.key) } } : {}),
    });
    apps.push(app);
    return listen(app, https ? 'https' : 'http');
  };
  const token = async (roles: readonly { project: string; role: ProjectRole }[], admin = false) =>
    (await issueToken(store.tokens, { name: admin ? 'admin' : 'cli-test', admin, roles, now: new Date() }))
      .secret;
  const adminToken = await token([], true);
  const url = await start({});
  const created = await fetch(`${url}/v1/projects`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'default' }),
  });
  if (created.status !== 201) throw new Error(`project not created: ${await created.text()}`);
  return {
    dir,
    url,
    adminToken,
    store,
    token,
    extraApp: start,
    close: async () => {
      for (const app of apps) await app.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
