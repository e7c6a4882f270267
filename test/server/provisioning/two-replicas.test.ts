import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readSse } from '../../../src/api/sse-reader.js';
import type { AgentWorkflow } from '../../../src/core/workflow/index.js';
import { testCertificates, ubuntuBody } from '../support/profile-bodies.js';
import { serverBackends } from '../support/server-backends.js';
import { newNode, startProvisioningFixture, type ProvisioningFixture } from './provisioning-fixture.js';

/**
 * Two orchd apps in this process that share nothing but the PostgreSQL database (each its own
 * store, pool, event hub and clock): what one replica writes, the other sees through the database
 * and LISTEN/NOTIFY only.
 */
const slots = await serverBackends('replicas');
const pg = slots.find((slot) => slot.name === 'postgres')!;
const P = '/v1/projects/alpha';
const HOSTS = 8;

/** Every event a well-behaved node sends for `plan`, in order, numbered from 1. */
function eventsOf(workflow: AgentWorkflow): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let seq = 0;
  const add = (step: string, state: string, extra: Record<string, unknown> = {}) =>
    out.push({ attempt: workflow.attempt, seq: ++seq, step, state, ...extra });
  for (const step of workflow.plan!.steps) {
    add(step.id, 'running');
    if (step.id === 'stream-image') {
      add(step.id, 'progress', { bytesDone: 1 << 20, bytesTotal: 4 << 20, rate: 1 << 19 });
      add(step.id, 'progress', { bytesDone: 4 << 20, bytesTotal: 4 << 20, rate: 1 << 19 });
    }
    add(step.id, 'succeeded');
  }
  return out;
}

describe('two orchd replicas on one PostgreSQL', { skip: pg.skip ?? false }, () => {
  let a: ProvisioningFixture;
  let b: ProvisioningFixture;
  before(async () => {
    // Streams never poll: an event from the other replica can only come through NOTIFY.
    a = await startProvisioningFixture(await pg.backend!.open());
    b = await startProvisioningFixture(await pg.backend!.open());
    assert.equal((await a.call('POST', '/v1/projects', { name: 'alpha' })).statusCode, 201);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await pg.backend?.dispose();
  });

  /** A host with an instance of the default Ubuntu profile, onboarded through `via`; its credential and workflow. */
  const onboardedHost = async (via: ProvisioningFixture) => {
    const node = newNode();
    const host = (
      await via.call('POST', `${P}/compute/hosts/register`, { ...node, autoOnboard: true })
    ).json();
    const filter = encodeURIComponent('osType=MUTABLE AND securityFeature=NONE');
    const os = (await via.call('GET', `${P}/compute/os?filter=${filter}`)).json().OperatingSystemResources[0];
    const inst = await via.call('POST', `${P}/compute/instances`, {
      hostID: host.resourceId,
      osID: os.resourceId,
    });
    assert.equal(inst.statusCode, 200, inst.body);
    const onboard = await via.app.inject({
      method: 'POST',
      url: '/v1/onboard',
      payload: { ...node, macs: ['52:54:00:00:00:02'] },
    });
    assert.equal(onboard.statusCode, 200, onboard.body);
    const credential = onboard.json().credential as string;
    const wf = await via.app.inject({
      method: 'GET',
      url: '/v1/agent/workflow',
      headers: { authorization: `Bearer ${credential}` },
    });
    return { hostId: host.resourceId as string, credential, workflow: wf.json() as AgentWorkflow };
  };
  /** Replica B served over HTTP (once), for streams read with fetch. */
  let bBase: string | undefined;
  const listenB = async () => (bBase ??= await b.app.listen({ host: '127.0.0.1', port: 0 }));
  const post = (via: ProvisioningFixture, credential: string, event: object) =>
    via.app.inject({
      method: 'POST',
      url: '/v1/agent/events',
      headers: { authorization: `Bearer ${credential}` },
      payload: event,
    });
  /** What the host shows and what its log holds, without ids. */
  const outcome = async (via: ProvisioningFixture, hostId: string) => {
    const host = (await via.call('GET', `${P}/compute/hosts/${hostId}`)).json();
    const log = await via.store.workflows.events('alpha', 0, hostId, 10_000);
    const row = await via.store.workflows.get('alpha', hostId);
    return {
      hostStatus: host.hostStatus,
      provisioningStatus: host.instance.provisioningStatus,
      provisioning: host.instance.provisioning,
      version: row!.version,
      lastSeq: row!.record.lastSeq,
      log: log.map((e) => e.kind),
    };
  };

  test('every event delivered to both replicas at once, for many hosts at once: the state one replica reaches', async () => {
    // The reference: one host whose node talks to one replica only.
    const reference = await onboardedHost(a);
    for (const event of eventsOf(reference.workflow)) {
      const res = await post(a, reference.credential, event);
      assert.equal(res.statusCode, 200, res.body);
    }
    const expected = await outcome(a, reference.hostId);
    assert.equal(expected.provisioningStatus, 'Provisioned');

    // HOSTS nodes at once; each event reaches both replicas at the same moment (a retry through
    // another replica racing the first delivery), and every node also repeats its last event.
    const hosts = [];
    for (let i = 0; i < HOSTS; i++) hosts.push(await onboardedHost(i % 2 === 0 ? a : b));
    let acceptedTwice = 0;
    await Promise.all(
      hosts.map(async (host) => {
        const events = eventsOf(host.workflow);
        for (const event of events) {
          const [one, two] = await Promise.all([
            post(a, host.credential, event),
            post(b, host.credential, event),
          ]);
          assert.equal(one.statusCode, 200, one.body);
          assert.equal(two.statusCode, 200, two.body);
          const accepted = [one.json().accepted, two.json().accepted].filter(Boolean).length;
          if (accepted !== 1) acceptedTwice += 1;
        }
        const again = await post(b, host.credential, events.at(-1)!);
        assert.equal(again.json().accepted, false);
      }),
    );
    assert.equal(acceptedTwice, 0, 'each event is applied by exactly one replica');
    for (const host of hosts) {
      const fromA = await outcome(a, host.hostId);
      const fromB = await outcome(b, host.hostId);
      assert.deepEqual(fromA, fromB, 'both replicas read the same state');
      assert.deepEqual(fromA, expected, `host ${host.hostId} ends where one replica alone ends`);
    }
  });

  test("a stream open on one replica hears the other replica's changes at once (LISTEN/NOTIFY, no polling)", async () => {
    const reader = await b.token('alpha', 'read');
    const base = await listenB();
    const controller = new AbortController();
    const res = await fetch(`${base}/v1/projects/alpha/events`, {
      headers: { authorization: `Bearer ${reader}` },
      signal: controller.signal,
    });
    assert.equal(res.status, 200);
    // Nothing else registers while this stream is open: the first `registered` is ours.
    const heard = (async () => {
      for await (const m of readSse(res.body!)) {
        if (m.event === 'registered') return (JSON.parse(m.data) as { hostId: string }).hostId;
      }
      return 'stream ended';
    })();
    // Registered through replica A; B's stream reads the log only when woken.
    const host = (await a.call('POST', `${P}/compute/hosts/register`, { ...newNode() })).json();
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('timed out'), 30_000));
    const hostId = await Promise.race([heard, timeout]);
    controller.abort();
    assert.equal(hostId, host.resourceId);
  });

  test("a validation stream on one replica hears the other's job changes and ends with the profile's deletion", async () => {
    const certs = await testCertificates();
    // No replica runs validations here: the job queued with the profile stays pending.
    const created = await a.call('POST', `${P}/compute/os`, ubuntuBody({ name: 'replica-followed' }));
    assert.equal(created.statusCode, 200, created.body);
    const osId = created.json().resourceId as string;
    const firstJob = (await a.call('GET', `${P}/compute/os/${osId}/validation`)).json().jobId as string;
    assert.ok(firstJob);
    const reader = await b.token('alpha', 'read');
    const controller = new AbortController();
    const res = await fetch(`${await listenB()}${P}/compute/os/${osId}/validation/events`, {
      headers: { authorization: `Bearer ${reader}` },
      signal: controller.signal,
    });
    assert.equal(res.status, 200);
    const events = readSse(res.body!)[Symbol.asyncIterator]();
    // Nothing polls: 4 s is under the 5 s poll streams had, so only NOTIFY can deliver in time.
    const next = async () => {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('no event from the other replica within 4 s')), 4000),
      );
      const { value, done } = await Promise.race([events.next(), timeout]);
      return done
        ? undefined
        : { event: value.event, data: JSON.parse(value.data) as Record<string, unknown> };
    };
    try {
      const first = await next();
      assert.deepEqual(
        [first?.event, first?.data.jobId, first?.data.state],
        ['validation', firstJob, 'pending'],
      );
      // A new trust anchor on replica A restarts the validation: B's stream shows the new job.
      const patched = await a.call('PATCH', `${P}/compute/os/${osId}`, { tlsCaCert: certs.valid });
      assert.equal(patched.statusCode, 200, patched.body);
      let view = await next();
      while (view?.event === 'validation' && view.data.jobId === firstJob) view = await next();
      assert.equal(view?.event, 'validation');
      assert.notEqual(view?.data.jobId, firstJob);
      assert.equal(view?.data.state, 'pending');
      // Deleted through A: B's stream ends with the error, and then the stream itself ends.
      assert.equal((await a.call('DELETE', `${P}/compute/os/${osId}`)).statusCode, 200);
      let last = await next();
      while (last?.event === 'validation') last = await next();
      assert.deepEqual(last, {
        event: 'error',
        data: { code: 'NotFound', message: `OS profile ${osId} not found in project "alpha"` },
      });
      assert.equal(await next(), undefined);
    } finally {
      controller.abort();
    }
  });
});
