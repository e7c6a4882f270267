import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyAgentEvent, startRecord, waitingRecord } from './workflow-machine.js';
import type { WorkflowPlan } from './workflow-steps.js';

const NOW = new Date('2026-12-01T10:00:00.000Z');
const plan = {
  steps: [
    { id: 'erase-disk', timeoutSeconds: 60 },
    { id: 'stream-image', timeoutSeconds: 600 },
    { id: 'reboot', timeoutSeconds: 60 },
  ],
} as unknown as WorkflowPlan;

test('an ended step keeps the bytes it moved; steps without counters keep null', () => {
  let record = startRecord(waitingRecord(1, 'x', NOW), plan, NOW);
  let seq = 0;
  const send = (step: string, state: string, extra: object = {}) => {
    const out = applyAgentEvent(
      record,
      plan,
      { attempt: 1, seq: ++seq, step, state, ...extra } as never,
      NOW,
    );
    assert.equal(out.accepted, true, out.ignoredBecause);
    record = out.record;
  };
  send('erase-disk', 'running');
  send('erase-disk', 'succeeded');
  send('stream-image', 'running');
  send('stream-image', 'progress', { bytesDone: 1024, bytesTotal: 4096, rate: 10 });
  send('stream-image', 'progress', { bytesDone: 4096, bytesTotal: 4096, rate: 10 });
  send('stream-image', 'succeeded');
  send('reboot', 'running');
  assert.equal(record.bytesDone, null, 'the next step starts with fresh counters');
  send('reboot', 'failed', { error: { code: 'X', message: 'y', retryable: false } });
  assert.deepEqual(
    record.steps.map((s) => [s.id, s.state, s.bytes]),
    [
      ['erase-disk', 'succeeded', null],
      ['stream-image', 'succeeded', 4096],
      ['reboot', 'failed', null],
    ],
  );
});
