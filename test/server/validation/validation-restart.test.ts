import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverBackends } from '../support/server-backends.js';
import { createFakeValidator, fakeReport } from './fake-validator.js';
import { startValidationServer } from './validation-server.js';
import { createTestProfile, validationJobs, waitFor } from './validation-fixtures.js';
import type { Store } from '../../../src/store/store.js';

const slots = await serverBackends('vrestart');
const OS = '/v1/projects/default/compute/os';

for (const slot of slots) {
  describe(`validation jobs across restarts on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    after(() => slot.backend?.dispose());
    const backend = () => slot.backend!;
    const jobState = async (store: Store, os: string) =>
      (await validationJobs(store).latest('default', os))?.state;

    test('a job running when orchd stops is re-queued and completes after the restart', async () => {
      const hanging = createFakeValidator();
      const first = await startValidationServer(await backend().open(), {
        validate: hanging.validate,
        instanceId: 'r1',
      });
      if (!(await first.store.projects.get('default'))) await first.store.projects.create('default');
      const os = await createTestProfile(first.store, 'default', 'restart-graceful');
      const start = await first.call({ method: 'POST', url: `${OS}/${os}/validate` });
      const id = start.json().jobId as string;
      const call = await hanging.next();
      await waitFor(
        async () => ((await jobState(first.store, os)) === 'running' ? true : undefined),
        'running',
      );
      await first.close();
      await call.aborted;

      const store = await backend().open();
      const requeued = await validationJobs(store).get(id);
      assert.equal(requeued?.state, 'pending');
      assert.equal(requeued?.attempts, 0);
      assert.equal((await store.profiles.get('default', os))?.validationState, 'pending');
      const passing = createFakeValidator({ report: fakeReport('passed') });
      const second = await startValidationServer(store, { validate: passing.validate, instanceId: 'r1' });
      try {
        await waitFor(async () => ((await jobState(store, os)) === 'passed' ? true : undefined), 'passed');
        assert.equal((await validationJobs(store).latest('default', os))?.id, id);
        assert.equal(passing.calls.length, 1);
      } finally {
        await second.close();
      }
    });

    test('on start, jobs this instance left running (it died) are taken again at once', async () => {
      const store = await backend().open();
      const os = await createTestProfile(store, 'default', 'restart-crash');
      await validationJobs(store).enqueue('default', os);
      // The previous life of instance r2 claimed it with a long lease, then died.
      assert.ok(await validationJobs(store).claim('r2', 3_600_000, 3));
      const passing = createFakeValidator({ report: fakeReport('passed') });
      const server = await startValidationServer(store, { validate: passing.validate, instanceId: 'r2' });
      try {
        await waitFor(
          async () => ((await jobState(store, os)) === 'passed' ? true : undefined),
          'passed',
          3000,
        );
      } finally {
        await server.close();
      }
    });

    test('a scratch folder that cannot be made fails the job with TARGET_IO', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'orchd-badscratch-'));
      await writeFile(join(dir, 'file'), 'not a folder');
      const passing = createFakeValidator({ report: fakeReport('passed') });
      const store = await backend().open();
      const server = await startValidationServer(store, {
        validate: passing.validate,
        instanceId: 'scratchless',
        scratchDir: join(dir, 'file', 'scratch'),
      });
      try {
        const os = await createTestProfile(store, 'default', 'no-scratch');
        await server.call({ method: 'POST', url: `${OS}/${os}/validate` });
        await waitFor(async () => ((await jobState(store, os)) === 'failed' ? true : undefined), 'failed');
        const job = await validationJobs(store).latest('default', os);
        assert.equal(job?.error?.code, 'TARGET_IO');
        assert.equal(passing.calls.length, 0);
      } finally {
        await server.close();
        await rm(dir, { recursive: true, force: true });
      }
    });

    test('a job whose replica died is taken over by another once its lease expires', async () => {
      const store = await backend().open();
      const os = await createTestProfile(store, 'default', 'takeover');
      await validationJobs(store).enqueue('default', os);
      assert.ok(await validationJobs(store).claim('dead-replica', 300, 3));
      const passing = createFakeValidator({ report: fakeReport('passed') });
      const server = await startValidationServer(store, {
        validate: passing.validate,
        instanceId: 'survivor',
      });
      try {
        await waitFor(async () => ((await jobState(store, os)) === 'passed' ? true : undefined), 'passed');
        const job = await validationJobs(store).latest('default', os);
        assert.equal(job?.attempts, 2);
        assert.equal(passing.calls.length, 1);
      } finally {
        await server.close();
      }
    });
  });
}

describe('two orchd instances on one PostgreSQL schema', { skip: slots[1]?.skip ?? false }, () => {
  test('every job runs exactly once', async () => {
    const backend = slots[1]!.backend!;
    const fakes = [
      createFakeValidator({ report: fakeReport('passed'), delayMs: 30 }),
      createFakeValidator({ report: fakeReport('passed'), delayMs: 30 }),
    ];
    const a = await startValidationServer(await backend.open(), {
      validate: fakes[0]!.validate,
      instanceId: 'pg-a',
    });
    const b = await startValidationServer(await backend.open(), {
      validate: fakes[1]!.validate,
      instanceId: 'pg-b',
    });
    try {
      if (!(await a.store.projects.get('default'))) await a.store.projects.create('default');
      const ids: string[] = [];
      for (let i = 0; i < 10; i += 1) {
        const os = await createTestProfile(a.store, 'default', `twin-${i}`);
        ids.push(os);
        await (i % 2 ? a : b).call({ method: 'POST', url: `${OS}/${os}/validate` });
      }
      for (const os of ids) {
        await waitFor(
          async () =>
            (await validationJobs(a.store).latest('default', os))?.state === 'passed' ? true : undefined,
          `${os} passed`,
        );
      }
      const versions = fakes.flatMap((fake) => fake.calls.map((call) => call.input.osVersion));
      assert.equal(versions.length, 10);
      assert.equal(new Set(versions).size, 10);
      for (const os of ids) assert.equal((await validationJobs(a.store).latest('default', os))?.attempts, 1);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
