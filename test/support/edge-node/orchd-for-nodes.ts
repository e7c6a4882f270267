/**
 * @module
 * A real `orchd serve` on loopback for tests in which edge nodes provision through it: the first
 * admin token captured, image URLs on loopback allowed (validation refuses them by default), and
 * the API calls such a test makes (a custom profile created and its validation awaited, a host
 * registered with an instance, the host read back). For a test that also writes to orchd's store
 * (state no API call makes), orchd's app built in this process over SQLite takes the same calls.
 */
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { validateImage } from '../../../src/image/index.js';
import { buildApp } from '../../../src/server/app.js';
import { issueToken } from '../../../src/server/auth/issue-token.js';
import { createLogger, serve, type RunningServer } from '../../../src/server/compose-orchd.js';
import { openStore } from '../../../src/store/open-store.js';
import type { KyselyStore } from '../../../src/store/index.js';
import { TEST_RELEASE_SERVICE_URL } from '../../server/support/test-server.js';

/** The compute path of the default project. */
export const COMPUTE = '/v1/projects/default/compute';

/** An answer of orchd's API. */
export interface ApiAnswer {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of several shapes
  readonly json: any;
}

/** A running orchd, its admin token and its API as that admin. */
export interface OrchdApi {
  readonly url: string;
  readonly token: string;
  api(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  close(): Promise<void>;
}

/** `orchd serve` running. */
export interface OrchdForNodes extends OrchdApi {
  readonly server: RunningServer;
}

/** orchd's app built in this process, and its store. */
export interface InProcessOrchd extends OrchdApi {
  readonly store: KyselyStore;
}

/** orchd's API at `url` as the bearer of `token`: JSON in, JSON (or nothing) out. */
function apiOf(url: string, token: string): OrchdApi['api'] {
  return async (method, path, body) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
}

/** `orchd serve` in `dir` on `database` (default SQLite there). */
export async function startOrchdForNodes(dir: string, database?: string): Promise<OrchdForNodes> {
  let token = '';
  const server = await serve({
    listen: '127.0.0.1:0',
    database: database ?? `sqlite:${join(dir, 'orch.db')}`,
    releaseServiceUrl: 'https://files-rs.example.test',
    validationConcurrency: 2,
    scratchDir: join(dir, 'scratch'),
    instanceId: `nodes-${process.pid}`,
    destinations: { allowCidrs: ['127.0.0.0/8'] },
    print: (text) => {
      token = /ORCH_TOKEN=(\S+)/.exec(text)?.[1] ?? token;
    },
    logger: createLogger('silent'),
  });
  if (!token) {
    // No first-start banner (the store already had a token): issue an admin token directly.
    const store = await openStore({ url: database ?? `sqlite:${join(dir, 'orch.db')}` });
    try {
      token = (
        await issueToken(store.tokens, { name: 'nodes-test', admin: true, roles: [], now: new Date() })
      ).secret;
    } finally {
      await store.close();
    }
  }
  return { url: server.url, token, server, api: apiOf(server.url, token), close: () => server.close() };
}

/**
 * orchd's app built in this process over SQLite in `dir` (project "default", the real validator
 * with a fast runner, no provisioning sweep, onboarding not rate-limited), listening on loopback,
 * with an admin token. `close` closes the app and the store.
 */
export async function startInProcessOrchd(dir: string): Promise<InProcessOrchd> {
  const store = await openStore({ url: `sqlite:${join(dir, 'orch.db')}` });
  await store.migrateToLatest();
  await store.projects.create('default');
  await mkdir(join(dir, 'scratch'));
  const app = await buildApp({
    store,
    config: {
      releaseServiceUrl: TEST_RELEASE_SERVICE_URL,
      orchestratorUrl: () => 'https://orchd.test:8443',
      orchestratorCaPem: '',
    },
    validation: {
      validate: validateImage,
      scratchDir: join(dir, 'scratch'),
      leaseMs: 600,
      pollMs: 40,
      progressMs: 0,
    },
    provisioning: { sweepMs: 0, onboardRateLimit: { burst: 1000, perMinute: 6000 } },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const token = (await issueToken(store.tokens, { name: 'admin', admin: true, roles: [], now: new Date() }))
    .secret;
  const close = async () => {
    await app.close();
    await store.close();
  };
  return { url, token, store, api: apiOf(url, token), close };
}

/** A custom profile's fields as the API takes them (EMF's names). */
export interface CustomProfile {
  readonly name: string;
  readonly profileName: string;
  readonly imageUrl: string;
  readonly imageId: string;
  readonly sha256: string;
  /** The short words or EMF's enum names (the API reads both). */
  readonly osType: 'MUTABLE' | 'IMMUTABLE' | 'OS_TYPE_MUTABLE' | 'OS_TYPE_IMMUTABLE';
  readonly securityFeature:
    'NONE' | 'SB_FDE' | 'SECURITY_FEATURE_NONE' | 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION';
  readonly tlsCaCert: string;
  readonly secureBootCerts?: string;
}

/** The end of a profile's validation: its state, the report's checks and the image's facts. */
export interface ValidationEnd {
  readonly profileId: string;
  readonly state: string;
  readonly checks: readonly { readonly id: string; readonly status: string; readonly message: string }[];
  readonly facts?: {
    readonly kernels?: readonly { readonly version: string; readonly source: string }[];
  };
}

/** Creates the profile and waits (up to `timeoutMs`) until its validation has ended. */
export async function createProfileAndWait(
  orchd: OrchdApi,
  profile: CustomProfile,
  timeoutMs = 600_000,
): Promise<ValidationEnd> {
  const created = await orchd.api('POST', `${COMPUTE}/os`, profile);
  if (created.status !== 200)
    throw new Error(`create ${profile.name}: ${created.status} ${JSON.stringify(created.json)}`);
  const profileId = created.json.resourceId as string;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = (await orchd.api('GET', `${COMPUTE}/os/${profileId}/validation`)).json;
    if (['passed', 'warned', 'failed', 'error'].includes(view.state)) {
      return { profileId, state: view.state, checks: view.report?.checks ?? [], facts: view.facts };
    }
    if (Date.now() > deadline) throw new Error(`validation of ${profile.name} still ${view.state}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A node as it registers: its SMBIOS identity. */
export interface NodeIdentity {
  readonly uuid: string;
  readonly serialNumber: string;
  readonly name?: string;
}

/** Registers the node (auto-onboard) and gives it an instance of `osId`; returns both ids. */
export async function registerNodeWithInstance(
  orchd: OrchdApi,
  node: NodeIdentity,
  osId: string,
  securityFeature = 'SECURITY_FEATURE_NONE',
): Promise<{ hostId: string; instanceId: string }> {
  const registered = await orchd.api('POST', `${COMPUTE}/hosts/register`, { ...node, autoOnboard: true });
  if (registered.status !== 200)
    throw new Error(`register: ${registered.status} ${JSON.stringify(registered.json)}`);
  const hostId = registered.json.resourceId as string;
  const instance = await orchd.api('POST', `${COMPUTE}/instances`, {
    hostID: hostId,
    osID: osId,
    securityFeature,
  });
  if (instance.status !== 200)
    throw new Error(`instance: ${instance.status} ${JSON.stringify(instance.json)}`);
  return { hostId, instanceId: instance.json.resourceId as string };
}

/** The host as orchd's API shows it, with its instance. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the EMF host shape
export async function readHost(orchd: OrchdApi, hostId: string): Promise<any> {
  const answer = await orchd.api('GET', `${COMPUTE}/hosts/${hostId}`);
  if (answer.status !== 200)
    throw new Error(`host ${hostId}: ${answer.status} ${JSON.stringify(answer.json)}`);
  return answer.json;
}
