/**
 * @module
 * A real `orchd serve` on loopback for tests in which edge nodes provision through it: the first
 * admin token captured, image URLs on loopback allowed (validation refuses them by default), and
 * the API calls such a test makes (a custom profile created and its validation awaited, a host
 * registered with an instance, the host read back).
 */
import { join } from 'node:path';
import { issueToken } from '../../../src/server/auth/issue-token.js';
import { createLogger, serve, type RunningServer } from '../../../src/server/compose-orchd.js';
import { openStore } from '../../../src/store/open-store.js';

/** The compute path of the default project. */
export const COMPUTE = '/v1/projects/default/compute';

/** An answer of orchd's API. */
export interface ApiAnswer {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of several shapes
  readonly json: any;
}

/** A running orchd and its admin token. */
export interface OrchdForNodes {
  readonly url: string;
  readonly token: string;
  readonly server: RunningServer;
  api(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  close(): Promise<void>;
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
  const api = async (method: string, path: string, body?: unknown): Promise<ApiAnswer> => {
    const res = await fetch(`${server.url}${path}`, {
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
  return { url: server.url, token, server, api, close: () => server.close() };
}

/** A custom profile's fields as the API takes them (EMF's names). */
export interface CustomProfile {
  readonly name: string;
  readonly profileName: string;
  readonly imageUrl: string;
  readonly imageId: string;
  readonly sha256: string;
  readonly osType: 'MUTABLE' | 'IMMUTABLE';
  readonly securityFeature: 'NONE' | 'SB_FDE';
  readonly tlsCaCert: string;
  readonly secureBootCerts?: string;
}

/** The end of a profile's validation: its state and the report's checks. */
export interface ValidationEnd {
  readonly profileId: string;
  readonly state: string;
  readonly checks: readonly { readonly id: string; readonly status: string; readonly message: string }[];
}

/** Creates the profile and waits (up to `timeoutMs`) until its validation has ended. */
export async function createProfileAndWait(
  orchd: OrchdForNodes,
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
      return { profileId, state: view.state, checks: view.report?.checks ?? [] };
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
  orchd: OrchdForNodes,
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
export async function readHost(orchd: OrchdForNodes, hostId: string): Promise<any> {
  const answer = await orchd.api('GET', `${COMPUTE}/hosts/${hostId}`);
  if (answer.status !== 200)
    throw new Error(`host ${hostId}: ${answer.status} ${JSON.stringify(answer.json)}`);
  return answer.json;
}
