import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OrchError } from '../../core/errors/index.js';
import { openEventHub, SUBJECT_DELETED_EVENT } from '../events/event-hub.js';
import { loopbackNotifications, recordingSse } from '../events/testing/fake-streams.js';
import { JOB_EVENT, PROGRESS_EVENT } from '../jobs/job-queue.js';
import type { ValidationService } from './validation-service.js';
import { followValidation } from './validation-stream.js';
import type { ValidationView } from './validation-view.js';

const view = (jobId: string | null, state: ValidationView['state']): ValidationView => ({
  jobId,
  state,
  progress: null,
  report: null,
  facts: null,
  error: null,
  attempts: jobId ? 1 : 0,
  createdAt: null,
  startedAt: null,
  finishedAt: null,
});

/** A service whose `get` answers what the test set (an Error is thrown), counting reads. */
function fakeService(initial: ValidationView) {
  const state = { current: initial as ValidationView | Error, reads: 0 };
  const service = {
    get: async () => {
      state.reads += 1;
      if (state.current instanceof Error) throw state.current;
      return state.current;
    },
  } as unknown as ValidationService;
  return { state, service };
}

const events = (sent: { event: string }[]) => sent.map((s) => s.event);
const states = (sent: { event: string; data: unknown }[]) =>
  sent.filter((s) => s.event === 'validation').map((s) => (s.data as ValidationView).state);

describe('followValidation (no polling: hub events, gaps and failed reads only)', () => {
  test('a profile with no job: its validation, then `end` NO_VALIDATION_JOB, closed, nothing subscribed', async () => {
    const hub = await openEventHub(undefined);
    const first = view(null, 'pending');
    const { service, state } = fakeService(first);
    const sse = recordingSse();
    followValidation({ service, hub }, sse, { project: 'p', osId: 'os-1' }, first);
    assert.equal(sse.closed, true);
    assert.deepEqual(sse.sent, [
      { event: 'validation', data: first },
      {
        event: 'end',
        data: {
          reason: 'NO_VALIDATION_JOB',
          message: 'OS profile os-1 has no validation job; start one with POST …/validate',
        },
      },
    ]);
    assert.equal(state.reads, 0);
  });

  test('a job event re-reads the view; progress passes through with its id; the verdict closes', async () => {
    const hub = await openEventHub(undefined);
    const { service, state } = fakeService(view('job-1', 'pending'));
    const sse = recordingSse();
    followValidation({ service, hub }, sse, { project: 'p', osId: 'os-1' }, view('job-1', 'pending'));
    state.current = view('job-1', 'running');
    await hub.publish('p', 'os-1', {
      type: JOB_EVENT,
      data: { id: 'job-1', kind: 'validation', state: 'running' },
    });
    await sse.until((sent) => states(sent).includes('running'));
    await hub.publish('p', 'os-1', {
      type: PROGRESS_EVENT,
      data: { kind: 'validation', progress: { n: 1 } },
    });
    // Another kind's events on the same subject are not the validation's.
    await hub.publish('p', 'os-1', {
      type: JOB_EVENT,
      data: { id: 'job-9', kind: 'other', state: 'failed' },
    });
    state.current = view('job-1', 'passed');
    await hub.publish('p', 'os-1', {
      type: JOB_EVENT,
      data: { id: 'job-1', kind: 'validation', state: 'succeeded' },
    });
    await sse.until(() => sse.closed);
    assert.deepEqual(events(sse.sent), ['validation', 'validation', 'progress', 'validation']);
    assert.deepEqual(states(sse.sent), ['pending', 'running', 'passed']);
    assert.ok(sse.sent[2]!.id);
  });

  test('a hub gap (the LISTEN connection came back) makes the stream read the view again', async () => {
    const notifications = loopbackNotifications();
    const hub = await openEventHub(notifications);
    const { service, state } = fakeService(view('job-1', 'running'));
    const sse = recordingSse();
    followValidation({ service, hub }, sse, { project: 'p', osId: 'os-1' }, view('job-1', 'running'));
    await sse.until(() => state.reads === 1); // the read that covers the subscribe
    // A change whose event was lost with the connection: only the gap tells of it.
    state.current = view('job-1', 'failed');
    notifications.gap();
    await sse.until(() => sse.closed);
    assert.deepEqual(states(sse.sent), ['running', 'failed']);
    await hub.close();
  });

  test('a failed publish gives the stream on this replica a gap: it reads the change the event was for', async () => {
    const notifications = loopbackNotifications();
    const hub = await openEventHub(notifications);
    const { service, state } = fakeService(view('job-1', 'running'));
    const sse = recordingSse();
    followValidation({ service, hub }, sse, { project: 'p', osId: 'os-1' }, view('job-1', 'running'));
    await sse.until(() => state.reads === 1);
    state.current = view('job-1', 'warned');
    notifications.failNext = 1;
    await assert.rejects(
      hub.publish('p', 'os-1', {
        type: JOB_EVENT,
        data: { id: 'job-1', kind: 'validation', state: 'succeeded' },
      }),
      /connection terminated/,
    );
    await sse.until(() => sse.closed);
    assert.deepEqual(states(sse.sent), ['running', 'warned']);
    await hub.close();
  });

  test('the deletion event ends the stream with `error` NotFound', async () => {
    const hub = await openEventHub(undefined);
    const { service, state } = fakeService(view('job-1', 'running'));
    const sse = recordingSse();
    followValidation({ service, hub }, sse, { project: 'p', osId: 'os-1' }, view('job-1', 'running'));
    await sse.until(() => state.reads === 1);
    state.current = new OrchError('NotFound', 'OS profile os-1 not found in project "p"');
    await hub.publish('p', 'os-1', { type: SUBJECT_DELETED_EVENT, data: null });
    await sse.until(() => sse.closed);
    assert.deepEqual(sse.sent.at(-1), {
      event: 'error',
      data: { code: 'NotFound', message: 'OS profile os-1 not found in project "p"' },
    });
  });

  test('a failed read is tried again after a pause, with no event to wake it; closing stops the retries', async () => {
    const hub = await openEventHub(undefined);
    const { service, state } = fakeService(view('job-1', 'running'));
    state.current = new OrchError('Unavailable', 'database unreachable');
    const sse = recordingSse();
    followValidation(
      { service, hub, retryMs: 20 },
      sse,
      { project: 'p', osId: 'os-1' },
      view('job-1', 'running'),
    );
    await sse.until(() => state.reads >= 3); // 20 ms, then 40 ms
    assert.equal(sse.closed, false);
    state.current = view('job-1', 'failed');
    await sse.until(() => sse.closed);
    assert.deepEqual(states(sse.sent), ['running', 'failed']);
    const reads = state.reads;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(state.reads, reads);
  });

  test('a stream left open reads nothing while nothing happens (no timer per stream)', async () => {
    const hub = await openEventHub(undefined);
    const { service, state } = fakeService(view('job-1', 'running'));
    const sse = recordingSse();
    followValidation({ service, hub }, sse, { project: 'p', osId: 'os-1' }, view('job-1', 'running'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(state.reads, 1);
    sse.close();
  });
});
