import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openEventHub, type HubEvent } from '../../../src/server/events/event-hub.js';
import { serverBackends } from '../support/server-backends.js';

const slots = await serverBackends('hub');

/** Resolves with the first `count` events `subscribe` hears. */
function collect(count: number) {
  const seen: HubEvent[] = [];
  let done: (events: HubEvent[]) => void = () => undefined;
  const all = new Promise<HubEvent[]>((resolve) => (done = resolve));
  const listener = (event: HubEvent) => {
    seen.push(event);
    if (seen.length === count) done(seen);
  };
  return { listener, all, seen };
}

for (const slot of slots) {
  describe(`event hub on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    after(() => slot.backend?.dispose());

    test('subscribers hear their subject (or their whole project) in order; others hear nothing', async () => {
      const store = await slot.backend!.open();
      const hub = await openEventHub(store.notifications);
      try {
        const one = collect(2);
        const project = collect(3);
        const other = collect(1);
        hub.subscribe({ project: 'p', subject: 'host-1' }, one.listener);
        hub.subscribe({ project: 'p' }, project.listener);
        hub.subscribe({ project: 'q' }, other.listener);
        await hub.publish('p', 'host-1', { type: 'step', data: { n: 1 } });
        await hub.publish('p', 'host-2', { type: 'step', data: { n: 2 } });
        await hub.publish('p', 'host-1', { type: 'step', data: { n: 3 } });
        assert.deepEqual(
          (await one.all).map((e) => e.data),
          [{ n: 1 }, { n: 3 }],
        );
        assert.deepEqual(
          (await project.all).map((e) => [e.subject, e.type]),
          [
            ['host-1', 'step'],
            ['host-2', 'step'],
            ['host-1', 'step'],
          ],
        );
        assert.equal(other.seen.length, 0);
      } finally {
        await hub.close();
        await store.close();
      }
    });

    test('Last-Event-ID replays what came after it; an unknown id reports a gap', async () => {
      const store = await slot.backend!.open();
      const hub = await openEventHub(store.notifications);
      try {
        const first = collect(3);
        hub.subscribe({ project: 'r', subject: 'os-1' }, first.listener);
        for (const n of [1, 2, 3]) await hub.publish('r', 'os-1', { type: 'progress', data: { n } });
        const [a] = await first.all;
        const replayed: unknown[] = [];
        hub.subscribe({ project: 'r', subject: 'os-1' }, (e) => replayed.push(e.data), {
          lastEventId: a!.id,
        });
        assert.deepEqual(replayed, [{ n: 2 }, { n: 3 }]);
        let gaps = 0;
        hub.subscribe({ project: 'r', subject: 'os-1' }, () => undefined, {
          lastEventId: 'no-such-id',
          onGap: () => (gaps += 1),
        });
        assert.equal(gaps, 1);
      } finally {
        await hub.close();
        await store.close();
      }
    });
  });
}

describe('event hubs of two replicas on one PostgreSQL schema', { skip: slots[1]?.skip ?? false }, () => {
  test('an event published on one replica reaches subscribers on both', async () => {
    const backend = slots[1]!.backend!;
    const [a, b] = [await backend.open(), await backend.open()];
    const [hubA, hubB] = [await openEventHub(a.notifications, 'a'), await openEventHub(b.notifications, 'b')];
    try {
      const onA = collect(2);
      const onB = collect(2);
      hubA.subscribe({ project: 'x', subject: 'host-9' }, onA.listener);
      hubB.subscribe({ project: 'x', subject: 'host-9' }, onB.listener);
      await hubA.publish('x', 'host-9', { type: 'step', data: 'from a' });
      await hubB.publish('x', 'host-9', { type: 'step', data: 'from b' });
      assert.deepEqual(
        (await onB.all).map((e) => e.data),
        ['from a', 'from b'],
      );
      assert.deepEqual(
        (await onA.all).map((e) => e.data),
        ['from a', 'from b'],
      );
      // Ids minted on different replicas never collide.
      assert.notEqual(onB.seen[0]!.id, onB.seen[1]!.id);
    } finally {
      await hubA.close();
      await hubB.close();
      await a.close();
      await b.close();
    }
  });
});

describe(
  'event hub on PostgreSQL when NOTIFY fails or LISTEN drops',
  { skip: slots[1]?.skip ?? false },
  () => {
    test("a publish NOTIFY refuses (payload too large) rejects and gives this process's subscribers of the subject a gap", async () => {
      const store = await slots[1]!.backend!.open();
      const hub = await openEventHub(store.notifications);
      try {
        const gaps = { same: 0, other: 0 };
        const heard: HubEvent[] = [];
        hub.subscribe({ project: 'g', subject: 'os-1' }, (e) => heard.push(e), {
          onGap: () => (gaps.same += 1),
        });
        hub.subscribe({ project: 'g', subject: 'os-2' }, (e) => heard.push(e), {
          onGap: () => (gaps.other += 1),
        });
        await assert.rejects(
          hub.publish('g', 'os-1', { type: 'progress', data: 'x'.repeat(8000) }),
          /a notification of \d+ bytes is too large/,
        );
        assert.deepEqual(gaps, { same: 1, other: 0 });
        // The hub still works after a failed send.
        const next = collect(1);
        hub.subscribe({ project: 'g', subject: 'os-1' }, next.listener);
        await hub.publish('g', 'os-1', { type: 'job', data: 'after' });
        assert.deepEqual(
          (await next.all).map((e) => e.data),
          ['after'],
        );
        assert.equal(heard.length, 1);
      } finally {
        await hub.close();
        await store.close();
      }
    });

    test('a LISTEN connection killed by the server comes back: subscribers get a gap, then events again', async () => {
      const backend = slots[1]!.backend!;
      const store = await backend.open();
      const hub = await openEventHub(store.notifications);
      const url = new URL(backend.url);
      const schema = url.searchParams.get('schema')!;
      url.searchParams.delete('schema');
      const admin = new pg.Client({ connectionString: url.toString() });
      await admin.connect();
      try {
        let gaps = 0;
        let gapped: () => void = () => undefined;
        const gap = new Promise<void>((resolve) => (gapped = resolve));
        const heard = collect(1);
        hub.subscribe({ project: 'k', subject: 'host-log' }, heard.listener, {
          onGap: () => {
            gaps += 1;
            gapped();
          },
        });
        // Only this store's listening session: other tests share the database.
        const killed = await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where query = $1`,
          [`LISTEN "orch:${schema}:events"`],
        );
        assert.equal(killed.rowCount, 1);
        const bound = new Promise<string>((resolve) =>
          setTimeout(() => resolve('no gap within 10 s'), 10_000),
        );
        assert.equal(await Promise.race([gap.then(() => 'gap'), bound]), 'gap');
        assert.equal(gaps, 1);
        await hub.publish('k', 'host-log', { type: 'changed', data: 'after the drop' });
        assert.deepEqual(
          (await heard.all).map((e) => e.data),
          ['after the drop'],
        );
      } finally {
        await admin.end();
        await hub.close();
        await store.close();
      }
    });
  },
);
