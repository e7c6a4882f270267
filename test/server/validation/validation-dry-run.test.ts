import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverBackends } from '../support/server-backends.js';
import { ubuntuBody } from '../support/profile-bodies.js';
import { createFakeValidator, fakeReport } from './fake-validator.js';
import { startValidationServer, type ValidationServer } from './validation-server.js';
import { validationJobs } from './validation-fixtures.js';

const slots = await serverBackends('vdry');
const OS = '/v1/projects/default/compute/os';

for (const slot of slots) {
  describe(`image dry run on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    const fake = createFakeValidator();
    let server: ValidationServer;
    before(async () => {
      const store = await slot.backend!.open();
      await store.projects.create('default');
      server = await startValidationServer(store, { validate: fake.validate, concurrency: 2 });
    });
    after(async () => {
      await server?.close();
      await slot.backend?.dispose();
    });

    const dryRun = (payload: unknown, url = `${OS}/validate-image`, headers = {}) =>
      server.call({ method: 'POST', url, payload: payload as Record<string, unknown>, headers });
    const profileCount = async () =>
      ((await server.call({ method: 'GET', url: OS })).json() as { totalElements: number }).totalElements;

    test('answers the report as JSON; no profile and no job are stored', async () => {
      const before = await profileCount();
      const pending = dryRun(ubuntuBody({ name: 'dry', secureBootCerts: '' }));
      const call = await fake.next();
      assert.equal(call.input.osType, 'OS_TYPE_MUTABLE');
      assert.equal(call.input.profileName, 'ubuntu-22.04-lts-custom');
      assert.equal(call.options.scratchDir, server.scratchDir);
      call.finish(fakeReport('warned'));
      const res = await pending;
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().state, 'warned');
      assert.equal(res.json().checks[0].id, 'image.sha256');
      assert.equal(await profileCount(), before);
      assert.equal(await validationJobs(server.store).claim('nobody', 1000, 3), undefined, 'no job row');
    });

    test('with Accept: text/event-stream (alias path): progress events, then the report', async () => {
      const pending = dryRun(ubuntuBody(), '/v1/projects/default/compute/operating_systems/validate-image', {
        accept: 'text/event-stream',
      });
      const call = await fake.next();
      call.progress({ stage: 'downloading', bytesDownloaded: 4096, total: 8192 });
      call.finish(fakeReport('passed'));
      const res = await pending;
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/event-stream/);
      const events = [...res.body.matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map(([, e, d]) => [
        e,
        JSON.parse(d!),
      ]);
      assert.deepEqual(
        events.map(([e]) => e),
        ['progress', 'report'],
      );
      assert.equal(events[0]![1].bytesDownloaded, 4096);
      assert.equal(events[1]![1].state, 'passed');
    });

    test('a run that stops is an error event on the stream', async () => {
      const pending = dryRun(ubuntuBody(), undefined, { accept: 'text/event-stream' });
      (await fake.next()).finish(new Error('scratch full'));
      const res = await pending;
      assert.match(res.body, /^event: error\ndata: \{"code":"Internal","message":"scratch full"\}$/m);
    });

    test('a bad body gets the very error a create gets; unknown project 404', async () => {
      const bad = ubuntuBody({ imageUrl: 'http://x/y.img', sha256: 'nope' });
      const [created, dry, streamed] = await Promise.all([
        server.call({ method: 'POST', url: OS, payload: bad }),
        dryRun(bad),
        dryRun(bad, undefined, { accept: 'text/event-stream' }),
      ]);
      assert.equal(created.statusCode, 400);
      for (const res of [dry, streamed]) {
        assert.equal(res.statusCode, 400);
        const { requestId: _a, ...got } = res.json() as Record<string, unknown>;
        const { requestId: _b, ...want } = created.json() as Record<string, unknown>;
        assert.deepEqual(got, want);
      }
      const missing = await dryRun(ubuntuBody(), '/v1/projects/nowhere/compute/os/validate-image');
      assert.equal(missing.statusCode, 404, missing.body);
    });

    test('bounded by the job concurrency: one more than that answers 503', async () => {
      const first = dryRun(ubuntuBody());
      const second = dryRun(ubuntuBody());
      const calls = [await fake.next(), await fake.next()];
      const third = await dryRun(ubuntuBody());
      assert.equal(third.statusCode, 503, third.body);
      assert.equal(third.json().code, 'Unavailable');
      calls.forEach((c) => c.finish(fakeReport('passed')));
      assert.deepEqual([(await first).statusCode, (await second).statusCode], [200, 200]);
    });
  });
}
