import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readSse, type SseMessage } from '../../../src/api/sse-reader.js';
import { serverBackends } from '../support/server-backends.js';
import {
  ScriptedAgent,
  newNode,
  startProvisioningFixture,
  type ProvisioningFixture,
} from './provisioning-fixture.js';

const slots = await serverBackends('hostevents');
const P = '/v1/projects/alpha';
/** Generous: the machine may be loaded; every wait ends as soon as its event arrives. */
const WAIT_MS = 30_000;

interface Frame {
  readonly event: string;
  readonly id: number;
  readonly data: Record<string, unknown> & { hostId?: string };
}

/** An open event stream over real HTTP, collecting frames as they arrive. */
interface OpenStream {
  readonly status: number;
  readonly frames: Frame[];
  /** Resolves with the first frame (from `from` on) that `match` accepts. */
  until(match: (frame: Frame) => boolean, from?: number): Promise<Frame>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

for (const slot of slots) {
  describe(`host events stream on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    let f: ProvisioningFixture;
    let base = '';
    before(async () => {
      f = await startProvisioningFixture(await slot.backend!.open());
      for (const name of ['alpha', 'beta']) {
        assert.equal((await f.call('POST', '/v1/projects', { name })).statusCode, 201);
      }
      base = await f.app.listen({ host: '127.0.0.1', port: 0 });
    });
    after(async () => {
      await f?.close();
      await slot.backend?.dispose();
    });

    const open = async (
      query: string,
      options: { lastEventId?: number; secret?: string; project?: string } = {},
    ): Promise<OpenStream> => {
      const controller = new AbortController();
      const secret = options.secret ?? (await f.token('alpha', 'read'));
      const res = await fetch(`${base}/v1/projects/${options.project ?? 'alpha'}/events${query}`, {
        headers: {
          authorization: `Bearer ${secret}`,
          ...(options.lastEventId !== undefined ? { 'last-event-id': String(options.lastEventId) } : {}),
        },
        signal: controller.signal,
      });
      const frames: Frame[] = [];
      const waiters = new Set<() => void>();
      let ended: Promise<void> = Promise.resolve();
      if (res.ok && res.body) {
        ended = (async () => {
          try {
            for await (const m of readSse(res.body!) as AsyncGenerator<SseMessage>) {
              frames.push({ event: m.event, id: Number(m.id), data: JSON.parse(m.data) });
              waiters.forEach((wake) => wake());
            }
          } catch {
            // aborted by the test
          }
          waiters.forEach((wake) => wake());
        })();
      } else {
        await res.text();
      }
      return {
        status: res.status,
        frames,
        ended,
        close: () => controller.abort(),
        until: (match, from = 0) =>
          new Promise<Frame>((resolve, reject) => {
            const timer = setTimeout(() => {
              waiters.delete(check);
              reject(
                new Error(
                  `no matching frame in ${WAIT_MS} ms; got ${frames.map((fr) => fr.event).join(',')}`,
                ),
              );
            }, WAIT_MS);
            const check = () => {
              const hit = frames.slice(from).find(match);
              if (hit) {
                clearTimeout(timer);
                waiters.delete(check);
                resolve(hit);
              }
            };
            waiters.add(check);
            check();
          }),
      };
    };

    /** A registered, auto-onboarding host with an instance of the default Ubuntu profile. */
    const provisionable = async () => {
      const node = newNode();
      const host = (
        await f.call('POST', `${P}/compute/hosts/register`, { ...node, autoOnboard: true })
      ).json();
      const filter = encodeURIComponent('osType=MUTABLE AND securityFeature=NONE');
      const os = (await f.call('GET', `${P}/compute/os?filter=${filter}`)).json().OperatingSystemResources[0];
      const inst = await f.call('POST', `${P}/compute/instances`, {
        hostID: host.resourceId,
        osID: os.resourceId,
      });
      assert.equal(inst.statusCode, 200, inst.body);
      return { hostId: host.resourceId as string, agent: new ScriptedAgent(f, node) };
    };

    test('a host stream: its snapshot first, then status changes and progress as they happen, no other host', async () => {
      const { hostId, agent } = await provisionable();
      const other = await provisionable();
      const stream = await open(`?host=${hostId}`);
      try {
        assert.equal(stream.status, 200);
        const first = await stream.until(() => true);
        assert.equal(first.event, 'host');
        assert.equal(first.data['resourceId'], hostId);
        await agent.onboarded();
        await other.agent.onboarded();
        await stream.until((fr) => fr.event === 'onboarded');
        await agent.run();
        const progress = await stream.until(
          (fr) =>
            fr.event === 'provisioning' &&
            (fr.data['provisioning'] as { bytesDone: number | null }).bytesDone === 4 << 20,
        );
        assert.match(
          String(progress.data['provisioningStatus']),
          /^Provisioning In Progress: 4\/8: Streaming OS image/,
        );
        // Live events carry the profile's verdict as the REST view does, not 'unknown'.
        const rest = (await f.call('GET', `${P}/compute/hosts/${hostId}`)).json();
        const verdict = (progress.data['provisioning'] as { imageValidation: string }).imageValidation;
        assert.match(verdict, /^not validated: default profiles/);
        assert.equal(verdict, rest.instance.provisioning.imageValidation);
        const done = await stream.until((fr) => fr.data['provisioningStatus'] === 'Provisioned');
        assert.equal(done.data['provisioningStatusIndicator'], 'STATUS_INDICATION_IDLE');
        assert.ok(stream.frames.every((fr) => fr.data.hostId === undefined || fr.data.hostId === hostId));
        assert.ok(!stream.frames.some((fr) => JSON.stringify(fr.data).includes(other.hostId)));
        // Ids are the log's sequence: strictly increasing after the snapshot.
        const ids = stream.frames.slice(1).map((fr) => fr.id);
        assert.deepEqual(
          [...ids].sort((a, b) => a - b),
          ids,
        );
        assert.equal(new Set(ids).size, ids.length);
      } finally {
        stream.close();
        await stream.ended;
      }
    });

    test("a host stream ends with the host's deletion: `deleted`, then `end` HOST_DELETED, then the close", async () => {
      const { hostId } = await provisionable();
      const stream = await open(`?host=${hostId}`);
      await stream.until((fr) => fr.event === 'host');
      const instanceId = (await f.call('GET', `${P}/compute/hosts/${hostId}`)).json().instance.resourceId;
      assert.equal((await f.call('DELETE', `${P}/compute/instances/${instanceId}`)).statusCode, 200);
      assert.equal((await f.call('DELETE', `${P}/compute/hosts/${hostId}`)).statusCode, 200);
      // The stream closes by itself after its last event: `ended` resolves without close().
      await stream.ended;
      assert.deepEqual(
        stream.frames.slice(-2).map((fr) => fr.event),
        ['deleted', 'end'],
      );
      assert.deepEqual(stream.frames.at(-1)?.data, {
        reason: 'HOST_DELETED',
        message: `host ${hostId} was deleted; nothing more will happen to it`,
      });
    });

    test('reconnecting with Last-Event-ID loses no transition: exactly the log after that id, in order', async () => {
      const { hostId, agent } = await provisionable();
      const stream = await open(`?host=${hostId}`);
      await stream.until((fr) => fr.event === 'host');
      await agent.onboarded();
      const onboarded = await stream.until((fr) => fr.event === 'onboarded');
      stream.close();
      await stream.ended;
      // While no stream is open, the node runs the whole plan.
      await agent.run();
      const again = await open(`?host=${hostId}`, { lastEventId: onboarded.id });
      try {
        await again.until((fr) => fr.data['provisioningStatus'] === 'Provisioned');
        const log = await f.store.workflows.events('alpha', onboarded.id, hostId, 1000);
        assert.ok(log.length >= 16, `the run logged ${log.length} events`);
        assert.deepEqual(
          again.frames.map((fr) => [fr.id, fr.event]),
          log.map((e) => [e.seq, e.kind]),
        );
        assert.ok(!again.frames.some((fr) => fr.event === 'host'), 'no snapshot on a reconnect');
      } finally {
        again.close();
        await again.ended;
      }
    });

    test('the all-hosts stream hears every host of its project; ?lastEventId= works like the header', async () => {
      const stream = await open('');
      const { hostId } = await provisionable();
      try {
        const registered = await stream.until((fr) => fr.event === 'registered' && fr.data.hostId === hostId);
        const more = await provisionable();
        await stream.until((fr) => fr.event === 'registered' && fr.data.hostId === more.hostId);
        const resumed = await open(`?lastEventId=${registered.id}`);
        try {
          await resumed.until((fr) => fr.event === 'registered' && fr.data.hostId === more.hostId);
          assert.equal(resumed.frames[0]!.id > registered.id, true);
        } finally {
          resumed.close();
          await resumed.ended;
        }
      } finally {
        stream.close();
        await stream.ended;
      }
    });

    test('refusals before any stream starts: another project, unknown host or project', async () => {
      const { hostId } = await provisionable();
      const betaReader = await f.token('beta', 'read');
      const cross = await open(`?host=${hostId}`, { secret: betaReader });
      assert.equal(cross.status, 403);
      const crossAll = await open('', { secret: betaReader });
      assert.equal(crossAll.status, 403);
      // beta's own stream does not carry alpha's host.
      const own = await open(`?host=${hostId}`, { secret: betaReader, project: 'beta' });
      assert.equal(own.status, 404);
      const unknown = await open('?host=host-00000000');
      assert.equal(unknown.status, 404);
      const noProject = await f.call('GET', '/v1/projects/nosuch/events');
      assert.equal(noProject.statusCode, 404);
      assert.equal(noProject.json().code, 'NotFound');
      const bad = await fetch(`${base}/v1/projects/alpha/events`, {
        headers: { authorization: 'Bearer nope' },
      });
      assert.equal(bad.status, 401);
      await bad.text();
    });

    test('streams close cleanly: a client going away frees its stream, and closing orchd ends open ones', async () => {
      const gone = await open('');
      await gone.until((fr) => fr.event === 'host' || fr.id >= 0).catch(() => undefined);
      gone.close();
      await gone.ended;
      const held = await open('');
      const heldTwo = await open(`?host=${(await provisionable()).hostId}`);
      await heldTwo.until((fr) => fr.event === 'host');
      await f.app.close();
      // Both end from the server's side (the reader loop finishes without an abort).
      await Promise.race([
        Promise.all([held.ended, heldTwo.ended]),
        new Promise((_, reject) => setTimeout(() => reject(new Error('streams still open')), WAIT_MS)),
      ]);
    });
  });
}
