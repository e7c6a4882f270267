import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../../src/server/app.js';
import { issueToken } from '../../../src/server/auth/issue-token.js';
import type { AgentWorkflow, WorkflowStepKind } from '../../../src/core/workflow/index.js';
import type { KyselyStore } from '../../../src/store/kysely-store.js';
import { leaseOf } from '../../../src/core/jobs/index.js';
import { TEST_RELEASE_SERVICE_URL } from '../support/test-server.js';

/** The provisioning test app: a movable clock, no sweep timer (tests sweep by hand), an admin token. */
export interface ProvisioningFixture {
  readonly app: FastifyInstance;
  readonly store: KyselyStore;
  /** Moves the app's clock forward. */
  advance(ms: number): void;
  now(): Date;
  /** An operator call (admin token unless `secret`). */
  call(method: string, url: string, payload?: unknown, secret?: string): Promise<LightMyRequestResponse>;
  token(project: string, role: 'read' | 'write'): Promise<string>;
  close(): Promise<void>;
}

export const FIXTURE_START = new Date('2026-11-25T12:00:00.000Z');
export const ORCHESTRATOR_URL = 'https://orchd.example.test:8443';

export async function startProvisioningFixture(store: KyselyStore): Promise<ProvisioningFixture> {
  let now = FIXTURE_START.getTime();
  const clock = () => new Date(now);
  const app = await buildApp({
    store,
    clock,
    config: {
      releaseServiceUrl: TEST_RELEASE_SERVICE_URL,
      orchestratorUrl: () => ORCHESTRATOR_URL,
      orchestratorCaPem: '-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n',
    },
    provisioning: {
      sweepMs: 0,
      stream: { heartbeatMs: 60_000 },
      onboardRateLimit: { burst: 1000, perMinute: 6000 },
    },
  });
  const admin = (await issueToken(store.tokens, { name: 'admin', admin: true, roles: [], now: clock() }))
    .secret;
  return {
    app,
    store,
    advance: (ms) => void (now += ms),
    now: clock,
    call: (method, url, payload, secret) =>
      app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${secret ?? admin}` },
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
    token: async (project, role) =>
      (
        await issueToken(store.tokens, {
          name: `t-${role}`,
          admin: false,
          roles: [{ project, role }],
          now: clock(),
        })
      ).secret,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

let counter = 0;
/** A fresh serial and UUID, unique across the run (a node is one machine across projects). */
export function newNode(): { serialNumber: string; uuid: string } {
  counter += 1;
  const n = (Date.now() % 1e8) * 1000 + counter;
  const hex = n.toString(16).padStart(12, '0').slice(-12);
  return { serialNumber: `SN${hex.slice(-10)}`.toUpperCase(), uuid: `4c4c4544-0035-5210-8036-${hex}` };
}

/** A node as en-agent would be: onboards, fetches its workflow, reports its steps. */
export class ScriptedAgent {
  credential = '';
  seq = 0;
  constructor(
    readonly fixture: ProvisioningFixture,
    readonly node: { serialNumber: string; uuid: string },
  ) {}

  onboard(extra: Record<string, unknown> = {}): Promise<LightMyRequestResponse> {
    return this.fixture.app.inject({
      method: 'POST',
      url: '/v1/onboard',
      payload: {
        uuid: this.node.uuid,
        serialNumber: this.node.serialNumber,
        macs: ['52:54:00:12:34:56'],
        inventory: {
          nics: [{ name: 'enp1s0', mac: '52:54:00:12:34:56' }],
          storages: [{ name: 'nvme0n1', sizeBytes: 256 * 2 ** 30, model: 'QEMU NVMe' }],
          ramBytes: 16 * 2 ** 30,
          secureBoot: false,
        },
        ...extra,
      },
    });
  }

  async onboarded(): Promise<string> {
    const res = await this.onboard();
    assert.equal(res.statusCode, 200, res.body);
    this.credential = res.json().credential;
    return res.json().hostId;
  }

  async workflow(query = ''): Promise<AgentWorkflow> {
    const res = await this.fixture.app.inject({
      method: 'GET',
      url: `/v1/agent/workflow${query}`,
      headers: { authorization: `Bearer ${this.credential}` },
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  }

  post(event: Record<string, unknown>, credential = this.credential): Promise<LightMyRequestResponse> {
    return this.fixture.app.inject({
      method: 'POST',
      url: '/v1/agent/events',
      headers: { authorization: `Bearer ${credential}` },
      payload: event,
    });
  }

  /** Posts an event with the next seq; returns the ack. */
  async report(attempt: number, step: WorkflowStepKind, state: string, extra: Record<string, unknown> = {}) {
    const res = await this.post({ attempt, seq: ++this.seq, step, state, ...extra });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { accepted: boolean; state: string };
  }

  /**
   * Runs the plan from where orchd says to resume: each step running then succeeded (stream-image
   * with two progress events), or failed at `failAt` with `error`; stops before `stopBefore`.
   */
  async run(options: { failAt?: WorkflowStepKind; error?: object; stopBefore?: WorkflowStepKind } = {}) {
    const workflow = await this.workflow();
    assert.ok(workflow.plan, `a plan to run (state ${workflow.state}, ${workflow.reason})`);
    this.seq = workflow.lastSeq;
    for (const step of workflow.plan.steps.slice(workflow.resumeFrom)) {
      if (step.id === options.stopBefore) return workflow;
      await this.report(workflow.attempt, step.id, 'running');
      if (step.id === 'stream-image') {
        await this.report(workflow.attempt, step.id, 'progress', {
          bytesDone: 1 << 20,
          bytesTotal: 4 << 20,
          rate: 1 << 19,
        });
        await this.report(workflow.attempt, step.id, 'progress', {
          bytesDone: 4 << 20,
          bytesTotal: 4 << 20,
          rate: 1 << 19,
        });
      }
      if (step.id === options.failAt) {
        await this.report(workflow.attempt, step.id, 'failed', { error: options.error });
        return workflow;
      }
      await this.report(workflow.attempt, step.id, 'succeeded');
    }
    return workflow;
  }
}

/**
 * Records a finished validation of a profile as the validation job kind would: a job run to its
 * report, and the profile's state set to the report's verdict in the same transaction.
 */
export async function recordValidation(
  store: KyselyStore,
  project: string,
  osId: string,
  report: { state: 'passed' | 'warned' | 'failed'; checks: object[]; facts?: object },
): Promise<void> {
  const kinds = new Map([['validation', { maxAttempts: 3 }]]);
  await store.jobs.enqueue({ id: `job-${osId.slice(3)}`, kind: 'validation', project, subject: osId });
  const { job } = await store.jobs.claim({ owner: 'test', kinds, leaseMs: 60_000 });
  assert.equal(job?.subject, osId);
  await store.transaction(async (tx) => {
    await tx.jobs.finish(leaseOf(job!), { state: 'succeeded', result: { ...report, durationMs: 1 } });
    await tx.profiles.setValidationState(project, osId, report.state);
  });
}
