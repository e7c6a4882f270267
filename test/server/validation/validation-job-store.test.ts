import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyStore } from '../../../src/store/kysely-store.js';
import type { JobLease } from '../../../src/core/jobs/index.js';
import { parseFilter } from '../../../src/core/filter/filter-parser.js';
import { serverBackends } from '../support/server-backends.js';
import {
  createTestProfile,
  manualClock,
  validationJobs,
  type ValidationJobView,
} from './validation-fixtures.js';

const slots = await serverBackends('vjobs');
const LONG_LEASE = 60_000;

const leaseOf = (job: ValidationJobView): JobLease => ({
  jobId: job.id,
  owner: job.leaseOwner ?? '',
  attempt: job.attempts,
});

for (const slot of slots) {
  describe(`validation job store on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    let store: KyselyStore;
    let jobs: ReturnType<typeof validationJobs>;
    // Leases are judged on this clock (the database's in production), moved by hand: no sleeps.
    const clock = manualClock();
    before(async () => {
      store = await slot.backend!.open(undefined, clock.now);
      jobs = validationJobs(store);
    });
    after(async () => {
      await store?.close();
      await slot.backend?.dispose();
    });

    /** Claims until nothing is left, so each test starts with an empty queue. */
    const drain = async () => {
      for (let job = await jobs.claim('drain', LONG_LEASE, 99); job;) {
        await jobs.finish(leaseOf(job), { state: 'passed', report: {} });
        job = await jobs.claim('drain', LONG_LEASE, 99);
      }
    };
    const profileState = async (project: string, id: string) =>
      (await store.profiles.get(project, id))?.validationState;

    test('enqueue: one active job per profile; the profile reads pending', async () => {
      const os = await createTestProfile(store, 'p1', 'enqueue');
      const first = await jobs.enqueue('p1', os);
      const second = await jobs.enqueue('p1', os);
      assert.equal(first.created, true);
      assert.equal(second.created, false);
      assert.equal(second.job.id, first.job.id);
      assert.equal(first.job.state, 'pending');
      assert.equal(await profileState('p1', os), 'pending');
      assert.equal((await jobs.latest('p1', os))?.id, first.job.id);
      await assert.rejects(jobs.enqueue('p1', 'os-00000000'), { code: 'NotFound' });
      await drain();
    });

    test('concurrent enqueues of one profile share a job', async () => {
      const os = await createTestProfile(store, 'p1', 'race');
      const results = await Promise.all(Array.from({ length: 6 }, () => jobs.enqueue('p1', os)));
      assert.equal(new Set(results.map((r) => r.job.id)).size, 1);
      assert.equal(results.filter((r) => r.created).length, 1);
      await drain();
    });

    test('claim, progress, finish: states move with the profile in step', async () => {
      const os = await createTestProfile(store, 'p1', 'lifecycle');
      const { job } = await jobs.enqueue('p1', os);
      const claimed = await jobs.claim('replica-a', LONG_LEASE, 3);
      assert.equal(claimed?.id, job.id);
      assert.equal(claimed?.state, 'running');
      assert.equal(claimed?.attempts, 1);
      assert.equal(claimed?.leaseOwner, 'replica-a');
      assert.ok(claimed?.startedAt);
      assert.equal(await profileState('p1', os), 'running');
      assert.equal(await jobs.claim('replica-b', LONG_LEASE, 3), undefined);
      const lease = leaseOf(claimed!);
      assert.equal(await jobs.saveProgress(lease, { stage: 'downloading', bytesDownloaded: 5 }), true);
      assert.deepEqual((await jobs.get(job.id))?.progress, {
        stage: 'downloading',
        bytesDownloaded: 5,
      });
      assert.equal(await jobs.renew(lease, LONG_LEASE), true);
      const report = { state: 'warned', checks: [{ id: 'x', status: 'warn', message: 'm' }] };
      assert.equal(await jobs.finish(lease, { state: 'warned', report }), true);
      const done = await jobs.get(job.id);
      assert.equal(done?.state, 'warned');
      assert.deepEqual(done?.report, report);
      assert.equal(done?.leaseOwner, null);
      assert.ok(done?.finishedAt);
      assert.equal(await profileState('p1', os), 'warned');
      // The lease ended with the job: later writes under it change nothing.
      assert.equal(await jobs.renew(lease, LONG_LEASE), false);
      assert.equal(await jobs.finish(lease, { state: 'failed', report }), false);
      // A finished job makes room for a new one.
      assert.equal((await jobs.enqueue('p1', os)).created, true);
      await drain();
    });

    test('a failed run keeps its error; the list filters on validation.state', async () => {
      const os = await createTestProfile(store, 'p2', 'broken');
      await jobs.enqueue('p2', os);
      const claimed = await jobs.claim('replica-a', LONG_LEASE, 3);
      const error = { code: 'TARGET_IO', message: 'disk full' };
      assert.equal(await jobs.finish(leaseOf(claimed!), { state: 'failed', error }), true);
      assert.deepEqual((await jobs.latest('p2', os))?.error, error);
      const page = await store.profiles.list('p2', {
        filter: parseFilter('validation.state = "failed"')!,
        pageSize: 10,
        offset: 0,
      });
      assert.deepEqual(
        page.items.map((p) => p.resourceId),
        [os],
      );
    });

    test('an expired lease is taken over; the old holder is fenced off', async () => {
      const os = await createTestProfile(store, 'p1', 'expiry');
      const { job } = await jobs.enqueue('p1', os);
      const dead = await jobs.claim('replica-dead', 50, 3);
      assert.equal(dead?.id, job.id);
      assert.equal(await jobs.claim('replica-b', LONG_LEASE, 3), undefined);
      clock.advance(49);
      assert.equal(await jobs.claim('replica-b', LONG_LEASE, 3), undefined, 'not yet expired');
      clock.advance(31);
      const taken = await jobs.claim('replica-b', LONG_LEASE, 3);
      assert.equal(taken?.id, job.id);
      assert.equal(taken?.attempts, 2);
      assert.equal(await jobs.saveProgress(leaseOf(dead!), { stage: 'x' }), false);
      assert.equal(await jobs.finish(leaseOf(dead!), { state: 'passed', report: {} }), false);
      assert.equal(await jobs.finish(leaseOf(taken!), { state: 'passed', report: {} }), true);
      assert.equal(await profileState('p1', os), 'passed');
    });

    test('a job whose replicas keep dying is failed after maxAttempts', async () => {
      const os = await createTestProfile(store, 'p1', 'poison');
      await jobs.enqueue('p1', os);
      assert.ok(await jobs.claim('r1', 20, 2));
      clock.advance(40);
      assert.ok(await jobs.claim('r2', 20, 2));
      clock.advance(40);
      assert.equal(await jobs.claim('r3', 20, 2), undefined);
      const job = await jobs.latest('p1', os);
      assert.equal(job?.state, 'failed');
      assert.equal(job?.error?.code, 'Internal');
      assert.match(job?.error?.message ?? '', /interrupted 2 times/);
      assert.equal(await profileState('p1', os), 'failed');
    });

    test('release and requeueOwnedBy put running jobs back in the queue', async () => {
      const os = await createTestProfile(store, 'p1', 'requeue');
      const { job } = await jobs.enqueue('p1', os);
      const claimed = await jobs.claim('replica-a', LONG_LEASE, 3);
      assert.equal(await jobs.release(leaseOf(claimed!)), true);
      const released = await jobs.get(job.id);
      assert.equal(released?.state, 'pending');
      assert.equal(released?.attempts, 0);
      assert.equal(await profileState('p1', os), 'pending');
      await jobs.claim('replica-a', LONG_LEASE, 3);
      assert.equal(await jobs.requeueOwnedBy('replica-other'), 0);
      assert.equal(await jobs.requeueOwnedBy('replica-a'), 1);
      assert.equal((await jobs.get(job.id))?.state, 'pending');
      await drain();
    });

    test('deleting the profile removes its jobs; the runner loses its lease', async () => {
      const os = await createTestProfile(store, 'p1', 'deleted');
      const { job } = await jobs.enqueue('p1', os);
      const claimed = await jobs.claim('replica-a', LONG_LEASE, 3);
      await store.profiles.delete('p1', os);
      assert.equal(await jobs.get(job.id), undefined);
      assert.equal(await jobs.renew(leaseOf(claimed!), LONG_LEASE), false);
    });
  });
}

describe('two replicas claiming from one PostgreSQL schema', { skip: slots[1]?.skip ?? false }, () => {
  test('every job is claimed exactly once', async () => {
    const backend = slots[1]!.backend!;
    const [a, b] = [await backend.open(), await backend.open()];
    try {
      const ids = [];
      for (let i = 0; i < 8; i += 1) ids.push(await createTestProfile(a, 'race', `claim-${i}`));
      for (const os of ids) await validationJobs(a).enqueue('race', os);
      const claimAll = async (store: KyselyStore, owner: string) => {
        const mine: string[] = [];
        const jobs = validationJobs(store);
        for (let job = await jobs.claim(owner, LONG_LEASE, 3); job;) {
          mine.push(job.id);
          job = await jobs.claim(owner, LONG_LEASE, 3);
        }
        return mine;
      };
      const claimed = (
        await Promise.all([claimAll(a, 'a1'), claimAll(a, 'a2'), claimAll(b, 'b1'), claimAll(b, 'b2')])
      ).flat();
      assert.equal(claimed.length, 8);
      assert.equal(new Set(claimed).size, 8);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
