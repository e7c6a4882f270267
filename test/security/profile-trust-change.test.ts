// A PATCH of tlsCaCert or secureBootCerts left a `passed` verdict that had been judged with the
// old trust anchor. Changing any field validation depends on now resets the profile's validation
// to pending and queues a new run in the same transaction; a running one is ended.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestCertificate } from '../../src/core/certificates/testing/make-test-certificates.js';
import { serverBackends } from '../server/support/server-backends.js';
import { ubuntuBody } from '../server/support/profile-bodies.js';
import { createFakeValidator, fakeReport } from '../server/validation/fake-validator.js';
import { validationJobs, waitFor } from '../server/validation/validation-fixtures.js';
import { startValidationServer, type ValidationServer } from '../server/validation/validation-server.js';

const slots = await serverBackends('trust');
const OS = '/v1/projects/default/compute/os';
const DAY = 86_400_000;

const certificate = async (name: string) =>
  (
    await makeTestCertificate({
      name: `CN=${name}, O=edge-orch tests`,
      notBefore: new Date(Date.now() - DAY),
      notAfter: new Date(Date.now() + 365 * DAY),
      dnsNames: ['images.example.test'],
    })
  ).pem;

for (const slot of slots) {
  describe(
    `a changed trust anchor queues a new validation on ${slot.name}`,
    { skip: slot.skip ?? false },
    () => {
      const fake = createFakeValidator();
      let server: ValidationServer;
      let counter = 0;
      before(async () => {
        const store = await slot.backend!.open();
        await store.projects.create('default');
        server = await startValidationServer(store, { validate: fake.validate, concurrency: 2 });
      });
      after(async () => {
        await server?.close();
        await slot.backend?.dispose();
      });

      const stateOf = async (id: string) =>
        (
          (await server.call({ method: 'GET', url: `${OS}/${id}` })).json() as {
            validation: { state: string };
          }
        ).validation.state;
      const until = (id: string, state: string) =>
        waitFor(async () => ((await stateOf(id)) === state ? true : undefined), `${id} ${state}`);
      const patch = (id: string, payload: Record<string, unknown>) =>
        server.call({ method: 'PATCH', url: `${OS}/${id}`, payload });
      /** A profile whose first validation passed. */
      const passedProfile = async (): Promise<string> => {
        counter += 1;
        const res = await server.call({
          method: 'POST',
          url: OS,
          payload: ubuntuBody({ name: `trust ${counter}`, imageId: `22.04.${counter}` }),
        });
        assert.equal(res.statusCode, 200, res.body);
        const id = (res.json() as { resourceId: string }).resourceId;
        (await fake.next()).finish(fakeReport('passed'));
        await until(id, 'passed');
        return id;
      };

      for (const field of ['tlsCaCert', 'secureBootCerts'] as const) {
        test(`PATCH ${field} on a passed profile: pending at once, and the new run judges the new value`, async () => {
          const id = await passedProfile();
          const jobs = validationJobs(server.store);
          const judged = (await jobs.latest('default', id))!;
          const pem = await certificate(`new ${field}`);
          const res = await patch(id, { [field]: pem });
          assert.equal(res.statusCode, 200, res.body);
          // Pending in the answer itself: the job was queued in the PATCH's transaction.
          assert.equal((res.json() as { validation: { state: string } }).validation.state, 'pending');
          const queued = (await jobs.latest('default', id))!;
          assert.notEqual(queued.id, judged.id);
          const call = await fake.next();
          const given = field === 'tlsCaCert' ? call.input.caPem : call.input.secureBootCerts;
          assert.equal(given?.trim(), pem.trim());
          call.finish(fakeReport('failed'));
          await until(id, 'failed');
        });
      }

      test('a change during a run ends that run (ABORTED) and starts a new one', async () => {
        counter += 1;
        const res = await server.call({
          method: 'POST',
          url: OS,
          payload: ubuntuBody({ name: `trust ${counter}`, imageId: `22.04.${counter}` }),
        });
        const id = (res.json() as { resourceId: string }).resourceId;
        const running = await fake.next();
        await until(id, 'running');
        const jobs = validationJobs(server.store);
        const old = (await jobs.latest('default', id))!;
        const patched = await patch(id, { sbatLevel: 'sbat,1,2024010900\nshim,4\n' });
        assert.equal(patched.statusCode, 200, patched.body);
        assert.equal((patched.json() as { validation: { state: string } }).validation.state, 'pending');
        const ended = await jobs.get(old.id);
        assert.equal(ended?.state, 'failed');
        assert.equal(ended?.error?.code, 'ABORTED');
        assert.match(ended?.error?.message ?? '', /sbatLevel changed/);
        // The old run loses its lease and is aborted; it records nothing over the new job.
        await running.aborted;
        const again = await fake.next();
        assert.match(again.input.sbatLevel ?? '', /shim,4/);
        again.finish(fakeReport('passed'));
        await until(id, 'passed');
        assert.equal((await jobs.get(old.id))?.state, 'failed');
      });

      test('a change validation does not depend on (description) keeps the verdict and queues nothing', async () => {
        const id = await passedProfile();
        const jobs = validationJobs(server.store);
        const judged = (await jobs.latest('default', id))!;
        const res = await patch(id, { description: 'only words changed' });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal((res.json() as { validation: { state: string } }).validation.state, 'passed');
        assert.equal((await jobs.latest('default', id))?.id, judged.id);
      });
    },
  );
}
