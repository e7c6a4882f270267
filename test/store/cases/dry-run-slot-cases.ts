import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { KyselyStore } from '../../../src/store/kysely-store.js';
import type { DryRunSlotRequest, DryRunSlotTake } from '../../../src/store/store.js';
import type { SuiteContext } from '../store-contract.js';
import { assertStoreError, newProjectName } from '../profile-fixtures.js';

const LEASE = 30_000;

/** A take request of `project` with fresh id; caps as given. */
const request = (project: string, caps: Partial<DryRunSlotRequest> = {}): DryRunSlotRequest => ({
  id: randomUUID(),
  project,
  owner: 'replica-a',
  leaseMs: LEASE,
  ...caps,
});

/** The slot id of a take that must have succeeded. */
function slotOf(take: DryRunSlotTake): string {
  assert.ok(take.taken, `refused: ${JSON.stringify(take)}`);
  return take.slot.id;
}

/**
 * Image dry-run slots: the per-project and overall caps counted across replicas, leases that
 * lapse, and release. Every case gives its slots back, so the overall count starts at 0.
 */
export function dryRunSlotCases(context: SuiteContext): void {
  const releaseAll = async (store: KyselyStore, ids: readonly string[]) => {
    for (const id of ids) await store.dryRuns.release(id);
  };

  test('dry runs: a slot is taken and counted; the project cap refuses one more with the count', async () => {
    const store = context.store();
    const project = newProjectName();
    await store.projects.create(project);
    const first = await store.dryRuns.take(request(project, { perProjectLimit: 2 }));
    assert.ok(first.taken);
    assert.equal(first.slot.project, project);
    assert.equal(first.slot.owner, 'replica-a');
    assert.ok(Date.parse(first.slot.leaseExpiresAt) > Date.now() + LEASE - 5000);
    const second = slotOf(await store.dryRuns.take(request(project, { perProjectLimit: 2 })));
    assert.equal(await store.dryRuns.live(project), 2);
    assert.deepEqual(await store.dryRuns.take(request(project, { perProjectLimit: 2 })), {
      taken: false,
      cap: 'project',
      running: 2,
      limit: 2,
    });
    // Another project is not held back by this one's cap.
    const other = newProjectName();
    await store.projects.create(other);
    const third = slotOf(await store.dryRuns.take(request(other, { perProjectLimit: 2 })));
    assert.equal(await store.dryRuns.live(), 3);
    await releaseAll(store, [first.slot.id, second, third]);
    assert.equal(await store.dryRuns.live(), 0);
  });

  test('dry runs: the overall cap counts every project; the project cap is judged first', async () => {
    const store = context.store();
    const [a, b] = [newProjectName(), newProjectName()];
    for (const project of [a, b]) await store.projects.create(project);
    const caps = { perProjectLimit: 1, totalLimit: 2 };
    const held = [slotOf(await store.dryRuns.take(request(a, caps)))];
    held.push(slotOf(await store.dryRuns.take(request(b, caps))));
    assert.deepEqual(await store.dryRuns.take(request(a, caps)), {
      taken: false,
      cap: 'project',
      running: 1,
      limit: 1,
    });
    const c = newProjectName();
    await store.projects.create(c);
    assert.deepEqual(await store.dryRuns.take(request(c, caps)), {
      taken: false,
      cap: 'total',
      running: 2,
      limit: 2,
    });
    await releaseAll(store, held);
  });

  test('dry runs: release frees the slot at once; a second release says it was not held', async () => {
    const store = context.store();
    const project = newProjectName();
    await store.projects.create(project);
    const caps = { perProjectLimit: 1 };
    const id = slotOf(await store.dryRuns.take(request(project, caps)));
    assert.equal((await store.dryRuns.take(request(project, caps))).taken, false);
    assert.equal(await store.dryRuns.release(id), true);
    assert.equal(await store.dryRuns.live(project), 0);
    assert.equal(await store.dryRuns.release(id), false);
    assert.equal(await store.dryRuns.renew(id, LEASE), false, 'a released slot cannot be renewed');
    const again = slotOf(await store.dryRuns.take(request(project, caps)));
    await releaseAll(store, [again]);
  });

  test('dry runs: a slot whose lease lapsed stops counting and cannot be renewed; renewal keeps one live', async () => {
    // Leases judged on a clock moved by hand (the database's in production): no sleeps.
    let now = Date.parse('2026-01-01T00:00:00.000Z');
    const store = await context.open({ leaseClock: () => new Date(now) });
    const project = newProjectName();
    await store.projects.create(project);
    const caps = { perProjectLimit: 1 };
    const kept = slotOf(await store.dryRuns.take(request(project, { ...caps, leaseMs: 1000 })));
    now += 800;
    assert.equal(await store.dryRuns.renew(kept, 1000), true, 'renewed before it lapsed');
    now += 800;
    assert.equal(await store.dryRuns.live(project), 1, 'live 1.6 s after the take thanks to the renewal');
    assert.equal((await store.dryRuns.take(request(project, caps))).taken, false);
    now += 201;
    // The replica holding it died: nothing renewed it.
    assert.equal(await store.dryRuns.live(project), 0);
    assert.equal(await store.dryRuns.renew(kept, 1000), false, 'a lapsed slot is not revived');
    const next = await store.dryRuns.take(request(project, { ...caps, owner: 'replica-b' }));
    assert.ok(next.taken, 'the lapsed slot no longer counts');
    assert.equal(await store.dryRuns.release(kept), false, 'the take deleted the lapsed slot');
    await releaseAll(store, [next.slot.id]);
  });

  test('dry runs: releaseOwnedBy gives back the slots of one replica only', async () => {
    const store = context.store();
    const project = newProjectName();
    await store.projects.create(project);
    const mine = [
      slotOf(await store.dryRuns.take(request(project, { owner: 'replica-x' }))),
      slotOf(await store.dryRuns.take(request(project, { owner: 'replica-x' }))),
    ];
    const theirs = slotOf(await store.dryRuns.take(request(project, { owner: 'replica-y' })));
    assert.equal(await store.dryRuns.releaseOwnedBy('replica-x'), 2);
    assert.equal(await store.dryRuns.live(project), 1);
    assert.equal(await store.dryRuns.release(mine[0]!), false);
    await releaseAll(store, [theirs]);
  });

  test('dry runs: a take for an unknown project is NotFound; nothing is held', async () => {
    const store = context.store();
    const error = await store.dryRuns.take(request('no-such-project')).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    assertStoreError(error, 'NotFound');
    assert.equal(await store.dryRuns.live(), 0);
  });

  test('dry runs: 20 takers at once through two replicas never exceed a cap of 3', async () => {
    const [a, b] = await context.replicaPair();
    const project = newProjectName();
    await a.projects.create(project);
    const caps = { perProjectLimit: 3 };
    const takes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).dryRuns.take(request(project, caps))),
    );
    const won = takes.flatMap((take) => (take.taken ? [take.slot.id] : []));
    assert.equal(won.length, 3);
    for (const take of takes) {
      if (!take.taken) assert.deepEqual(take, { taken: false, cap: 'project', running: 3, limit: 3 });
    }
    assert.equal(await a.dryRuns.live(project), 3);
    // And the overall cap the same way, over 20 projects.
    const projects = Array.from({ length: 20 }, () => newProjectName());
    for (const name of projects) await a.projects.create(name);
    const overall = await Promise.all(
      projects.map((name, i) => (i % 2 ? a : b).dryRuns.take(request(name, { totalLimit: 5 }))),
    );
    assert.equal(overall.filter((take) => take.taken).length, 2, 'five in all, three already held');
    assert.equal(await b.dryRuns.live(), 5);
    await releaseAll(a, [...won, ...overall.flatMap((take) => (take.taken ? [take.slot.id] : []))]);
    assert.equal(await b.dryRuns.live(), 0);
  });
}
