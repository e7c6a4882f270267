// The job queue was FIFO across projects and the dry-run limit global, so one project's queue of
// slow validations stalled every other project. Claims now take projects in turn, a project's
// running jobs are capped (every replica counted), and dry runs are capped per project.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from '../../src/core/jobs/index.js';
import { jobKindRegistry } from '../../src/server/jobs/job-kind.js';
import { createJobQueue, type JobQueue } from '../../src/server/jobs/job-queue.js';
import { projectTurns } from '../../src/store/jobs/job-claim.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { openStore } from '../../src/store/open-store.js';
import { serverBackends } from '../server/support/server-backends.js';
import { ubuntuBody } from '../server/support/profile-bodies.js';
import { createFakeValidator, fakeReport } from '../server/validation/fake-validator.js';
import { startValidationServer, type ValidationServer } from '../server/validation/validation-server.js';

const KIND = 'fairness-test';
const LEASE_MS = 60_000;
const slots = await serverBackends('fair');

test('projectTurns: fewest running first, then in turn after the last project, capped ones left out', () => {
  const running = new Map([
    ['a', 1],
    ['c', 2],
  ]);
  assert.deepEqual(projectTurns(['a', 'b', 'c'], running, undefined, undefined), ['b', 'a', 'c']);
  assert.deepEqual(projectTurns(['a', 'b', 'c', 'd'], new Map(), 'b', undefined), ['c', 'd', 'a', 'b']);
  assert.deepEqual(projectTurns(['a', 'b', 'c'], running, undefined, 2), ['b', 'a']);
  assert.deepEqual(projectTurns(['a'], running, 'a', 1), []);
});

for (const slot of slots) {
  describe(`fair job claims on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    let store: KyselyStore;
    let subject = 0;
    before(async () => {
      store = await slot.backend!.open();
      for (const project of ['alpha', 'beta', 'gamma']) await store.projects.create(project);
    });
    after(async () => {
      await store?.close();
      await slot.backend?.dispose();
    });

    const queueOf = (owner: string, perProjectLimit?: number): JobQueue =>
      createJobQueue({
        store,
        kinds: jobKindRegistry({ kind: KIND, run: () => Promise.reject(new Error('not run here')) }),
        owner,
        leaseMs: LEASE_MS,
        ...(perProjectLimit !== undefined ? { perProjectLimit } : {}),
      });
    const enqueue = async (project: string, count: number) => {
      const queue = queueOf('producer');
      for (let i = 0; i < count; i += 1) {
        subject += 1;
        await queue.enqueue(KIND, project, `subject-${subject}`);
      }
    };
    const finish = (queue: JobQueue, job: Job | undefined) =>
      queue.finish(job!, { state: 'succeeded', result: {} });
    /** Claims and finishes until nothing is left, so each test starts from an empty queue. */
    const drain = async () => {
      const queue = queueOf('drain');
      for (let job = await queue.claim(); job; job = await queue.claim()) await finish(queue, job);
    };

    test("project beta's job is claimed next, ahead of alpha's older queue", async () => {
      await enqueue('alpha', 8);
      await enqueue('beta', 1);
      const queue = queueOf('replica-1');
      const first = await queue.claim();
      assert.equal(first?.project, 'alpha');
      const second = await queue.claim();
      assert.equal(second?.project, 'beta', 'beta has nothing running, alpha has one');
      await finish(queue, first);
      await finish(queue, second);
      await drain();
    });

    test('one job at a time: after an alpha job ends, beta goes before the next alpha job', async () => {
      await enqueue('alpha', 5);
      await enqueue('beta', 2);
      const queue = queueOf('replica-1');
      const order: string[] = [];
      for (let job = await queue.claim(); job; job = await queue.claim()) {
        order.push(job.project);
        await finish(queue, job);
      }
      assert.deepEqual(order, ['alpha', 'beta', 'alpha', 'beta', 'alpha', 'alpha', 'alpha']);
    });

    test('a project at its cap gets nothing more, on any replica; others still do', async () => {
      await enqueue('alpha', 6);
      const one = queueOf('replica-1', 2);
      const two = queueOf('replica-2', 2);
      const held = [await one.claim(), await two.claim()];
      assert.deepEqual(
        held.map((job) => job?.project),
        ['alpha', 'alpha'],
      );
      assert.equal(await one.claim(), undefined, 'alpha is at its cap of 2');
      assert.equal(await two.claim(), undefined, 'counted across replicas');
      await enqueue('gamma', 1);
      assert.equal((await two.claim())?.project, 'gamma');
      await finish(one, held[0]);
      const freed = await one.claim();
      assert.equal(freed?.project, 'alpha', 'a finished job frees a slot');
      await finish(one, freed);
      await finish(two, held[1]);
      await drain();
    });

    test('replicas claiming at once never exceed the cap', async () => {
      await enqueue('beta', 6);
      const replicas = Array.from({ length: 6 }, (_, i) => queueOf(`racer-${i}`, 1));
      const claimed = await Promise.all(replicas.map((queue) => queue.claim()));
      const taken = claimed.flatMap((job, i) => (job ? [{ job, queue: replicas[i]! }] : []));
      assert.equal(taken.length, 1, `claimed: ${taken.map(({ job }) => job.id).join(', ')}`);
      for (const { job, queue } of taken) await finish(queue, job);
      await drain();
    });
  });
}

describe('image dry runs are capped per project', () => {
  const fake = createFakeValidator();
  let server: ValidationServer;
  before(async () => {
    const store = await openStore({ url: 'sqlite::memory:' });
    await store.migrateToLatest();
    for (const project of ['default', 'other']) await store.projects.create(project);
    server = await startValidationServer(store, {
      validate: fake.validate,
      concurrency: 4,
      perProjectDryRuns: 1,
    });
  });
  after(async () => {
    await server?.close();
  });
  const dryRun = (project: string) =>
    server.call({
      method: 'POST',
      url: `/v1/projects/${project}/compute/os/validate-image`,
      payload: ubuntuBody(),
    });

  test('a second dry run of one project answers 429 TOO_MANY_DRY_RUNS; another project still runs', async () => {
    const first = dryRun('default');
    const call = await fake.next();
    const refused = await dryRun('default');
    assert.equal(refused.statusCode, 429, refused.body);
    assert.equal(refused.json().code, 'TOO_MANY_DRY_RUNS');
    assert.match(refused.json().message, /cap per project is 1/);
    assert.deepEqual(refused.json().details, { project: 'default', limit: 1, running: 1 });
    const other = dryRun('other');
    (await fake.next()).finish(fakeReport('passed'));
    assert.equal((await other).statusCode, 200);
    call.finish(fakeReport('passed'));
    assert.equal((await first).statusCode, 200);
    // The slot is free again.
    const again = dryRun('default');
    (await fake.next()).finish(fakeReport('passed'));
    assert.equal((await again).statusCode, 200);
  });
});

describe('image dry runs: the overall cap, and a run whose slot lapsed', () => {
  const fake = createFakeValidator();
  let server: ValidationServer;
  // Slot leases judged on a clock moved by hand (the database's in production).
  let now = Date.parse('2026-11-25T12:00:00.000Z');
  before(async () => {
    const store = await openStore({ url: 'sqlite::memory:', leaseClock: () => new Date(now) });
    await store.migrateToLatest();
    for (const project of ['default', 'other']) await store.projects.create(project);
    server = await startValidationServer(store, {
      validate: fake.validate,
      concurrency: 4,
      perProjectDryRuns: 1,
      totalDryRuns: 1,
      leaseMs: 600,
    });
  });
  after(async () => {
    await server?.close();
  });
  const dryRun = (project: string) =>
    server.call({
      method: 'POST',
      url: `/v1/projects/${project}/compute/os/validate-image`,
      payload: ubuntuBody(),
    });

  test('one dry run in all: another project answers 503 naming the cap in all', async () => {
    const first = dryRun('default');
    const call = await fake.next();
    const refused = await dryRun('other');
    assert.equal(refused.statusCode, 503, refused.body);
    assert.equal(refused.json().code, 'Unavailable');
    assert.equal(refused.json().retryable, true);
    assert.equal(
      refused.json().message,
      '1 image dry runs are running across orchd replicas (the cap in all is 1); try again shortly',
    );
    call.finish(fakeReport('passed'));
    assert.equal((await first).statusCode, 200);
    const next = dryRun('other');
    (await fake.next()).finish(fakeReport('passed'));
    assert.equal((await next).statusCode, 200);
  });

  test('a run whose slot lapsed (renewals late past its lease) stops with 503; the slot is free', async () => {
    const pending = dryRun('default');
    const call = await fake.next();
    // The lease clock jumps past the lease: the next renewal (every 200 ms) finds the slot lapsed.
    now += 601;
    await call.aborted;
    const res = await pending;
    assert.equal(res.statusCode, 503, res.body);
    assert.equal(res.json().code, 'Unavailable');
    assert.match(res.json().message, /^the dry run lost its slot/);
    assert.equal(await server.store.dryRuns.live(), 0);
    const next = dryRun('default');
    (await fake.next()).finish(fakeReport('passed'));
    assert.equal((await next).statusCode, 200);
  });
});
