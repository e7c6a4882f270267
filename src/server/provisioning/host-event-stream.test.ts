import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HostEvent, Store } from '../../store/store.js';
import { openEventHub } from '../events/event-hub.js';
import { loopbackNotifications, recordingSse } from '../events/testing/fake-streams.js';
import { followHostEvents, HOST_LOG_SUBJECT, hostNotifier } from './host-event-stream.js';

/** A store whose host event log the test appends to (or makes fail), counting reads. */
function fakeLog() {
  const log = { entries: [] as HostEvent[], reads: 0, failing: false };
  const store = {
    workflows: {
      events: async (_project: string, after: number) => {
        log.reads += 1;
        if (log.failing) throw new Error('database unreachable');
        return log.entries.filter((entry) => entry.seq > after);
      },
      lastSeq: async () => log.entries.at(-1)?.seq ?? 0,
    },
  } as unknown as Store;
  const append = (kind: string) =>
    log.entries.push({
      seq: log.entries.length + 1,
      hostId: 'host-1',
      kind,
      data: { n: log.entries.length + 1 },
      createdAt: '',
    });
  return { log, store, append };
}

const target = { project: 'p', hostId: undefined, lastEventId: 0 };
const kinds = (sent: { event: string }[]) => sent.map((s) => s.event);

describe('followHostEvents (no polling: hub wake-ups, gaps and failed reads only)', () => {
  test('a wake-up on the hub reads the log; nothing is read while nothing happens', async () => {
    const hub = await openEventHub(undefined);
    const { log, store, append } = fakeLog();
    const sse = recordingSse();
    await followHostEvents({ store, hub, settings: { heartbeatMs: 60_000 } }, sse, target, async () => []);
    await sse.until(() => log.reads === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(log.reads, 1);
    append('registered');
    hostNotifier(hub).notify('p');
    await sse.until((sent) => sent.length === 1);
    assert.deepEqual(sse.sent, [{ event: 'registered', data: { n: 1 }, id: '1' }]);
    sse.close();
  });

  test('a hub gap reads the log (an entry whose wake-up was lost with the connection)', async () => {
    const notifications = loopbackNotifications();
    const hub = await openEventHub(notifications);
    const { log, store, append } = fakeLog();
    const sse = recordingSse();
    await followHostEvents({ store, hub, settings: { heartbeatMs: 60_000 } }, sse, target, async () => []);
    await sse.until(() => log.reads === 1);
    append('onboarded');
    notifications.gap();
    await sse.until((sent) => sent.length === 1);
    assert.deepEqual(kinds(sse.sent), ['onboarded']);
    sse.close();
    await hub.close();
  });

  test('a failed wake-up publish gives this replica a gap: its streams read the log anyway', async () => {
    const notifications = loopbackNotifications();
    const hub = await openEventHub(notifications);
    const { log, store, append } = fakeLog();
    const sse = recordingSse();
    await followHostEvents({ store, hub, settings: { heartbeatMs: 60_000 } }, sse, target, async () => []);
    await sse.until(() => log.reads === 1);
    append('approved');
    notifications.failNext = 1;
    const warned: string[] = [];
    hostNotifier(hub, { warn: (_fields, message) => warned.push(message) }).notify('p');
    await sse.until((sent) => sent.length === 1);
    assert.deepEqual(kinds(sse.sent), ['approved']);
    await sse.until(() => warned.length === 1);
    assert.deepEqual(warned, ['host change wake-up not sent']);
    sse.close();
    await hub.close();
  });

  test('a failed read is tried again after a pause; closing stops the retries', async () => {
    const hub = await openEventHub(undefined);
    const { log, store, append } = fakeLog();
    log.failing = true;
    append('changed');
    const sse = recordingSse();
    await followHostEvents(
      { store, hub, settings: { heartbeatMs: 60_000, retryMs: 20 } },
      sse,
      target,
      async () => [],
    );
    await sse.until(() => log.reads >= 3);
    log.failing = false;
    await sse.until((sent) => sent.length === 1);
    assert.deepEqual(kinds(sse.sent), ['changed']);
    sse.close();
    const reads = log.reads;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(log.reads, reads);
  });

  test("a stream about one host ends with that host's deletion", async () => {
    const hub = await openEventHub(undefined);
    const { store, append } = fakeLog();
    const sse = recordingSse();
    await followHostEvents(
      { store, hub, settings: { heartbeatMs: 60_000 } },
      sse,
      { project: 'p', hostId: 'host-1', lastEventId: 0 },
      async () => [],
    );
    append('changed');
    append('deleted');
    await hub.publish('p', HOST_LOG_SUBJECT, { type: 'changed', data: null });
    await sse.until(() => sse.closed);
    assert.deepEqual(kinds(sse.sent), ['changed', 'deleted', 'end']);
    assert.deepEqual(sse.sent.at(-1)?.data, {
      reason: 'HOST_DELETED',
      message: 'host host-1 was deleted; nothing more will happen to it',
    });
  });
});
