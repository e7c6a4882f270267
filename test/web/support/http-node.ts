import assert from 'node:assert/strict';
import type { AgentWorkflow, WorkflowStepKind } from '../../../src/core/workflow/index.js';

/**
 * A node speaking en-agent's protocol to a real orchd over HTTP, one call at a time, so a test
 * can stop between events and look at what the browser shows.
 */
export class HttpNode {
  credential = '';
  seq = 0;
  attempt = 0;
  constructor(
    readonly orchdUrl: string,
    readonly node: { serialNumber: string; uuid: string },
  ) {}

  /** POST /v1/onboard; returns the status (200 onboarded, 202 waiting for approval). */
  async onboard(): Promise<number> {
    const res = await fetch(`${this.orchdUrl}/v1/onboard`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...this.node,
        macs: ['52:54:00:12:34:56'],
        inventory: {
          nics: [{ name: 'enp1s0', mac: '52:54:00:12:34:56' }],
          storages: [{ name: 'nvme0n1', sizeBytes: 256 * 2 ** 30, model: 'QEMU NVMe' }],
          ramBytes: 16 * 2 ** 30,
          secureBoot: false,
        },
      }),
    });
    const body = (await res.json()) as { credential?: string };
    if (res.status === 200) this.credential = body.credential!;
    return res.status;
  }

  /** GET /v1/agent/workflow; remembers the attempt and the seq to continue from. */
  async workflow(): Promise<AgentWorkflow> {
    const res = await fetch(`${this.orchdUrl}/v1/agent/workflow`, {
      headers: { authorization: `Bearer ${this.credential}` },
    });
    assert.equal(res.status, 200, await res.clone().text());
    const workflow = (await res.json()) as AgentWorkflow;
    this.attempt = workflow.attempt;
    this.seq = workflow.lastSeq;
    return workflow;
  }

  /** POST /v1/agent/events with the next seq. */
  async report(step: WorkflowStepKind, state: string, extra: Record<string, unknown> = {}): Promise<void> {
    const res = await fetch(`${this.orchdUrl}/v1/agent/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.credential}`, 'content-type': 'application/json' },
      body: JSON.stringify({ attempt: this.attempt, seq: ++this.seq, step, state, ...extra }),
    });
    assert.equal(res.status, 200, await res.text());
  }
}

let counter = 0;
/** A fresh serial and UUID for a node of this run. */
export function freshNode(): { serialNumber: string; uuid: string } {
  counter += 1;
  const hex = ((Date.now() % 1e8) * 100 + counter).toString(16).padStart(12, '0').slice(-12);
  return { serialNumber: `SN${hex.slice(-10)}`.toUpperCase(), uuid: `4c4c4544-0035-5210-8036-${hex}` };
}
