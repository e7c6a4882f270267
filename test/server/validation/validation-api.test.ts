import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OrchError } from '../../../src/core/errors/index.js';
import { ubuntuFacts } from '../../../src/image/checks/testing/sample-facts.js';
import { serverBackends } from '../support/server-backends.js';
import { testCertificates, ubuntuBody } from '../support/profile-bodies.js';
import { createFakeValidator, fakeReport } from './fake-validator.js';
import { startValidationServer, type ValidationServer } from './validation-server.js';
import { validationJobs, waitFor } from './validation-fixtures.js';

const slots = await serverBackends('vapi');
const OS = '/v1/projects/default/compute/os';

for (const slot of slots) {
  describe(`validation API on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    const fake = createFakeValidator();
    let server: ValidationServer;
    let certs: { valid: string };
    before(async () => {
      certs = await testCertificates();
      const store = await slot.backend!.open();
      await store.projects.create('default');
      server = await startValidationServer(store, {
        validate: fake.validate,
        concurrency: 2,
        instanceId: 'api-a',
      });
    });
    after(async () => {
      await server?.close();
      await slot.backend?.dispose();
    });

    let serial = 0;
    const create = async (extra: Record<string, unknown> = {}) => {
      serial += 1;
      const res = await server.call({
        method: 'POST',
        url: OS,
        payload: ubuntuBody({ name: `v-${serial}`, imageId: `22.04.${serial}`, ...extra }),
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { resourceId: string; validation: { state: string }; secureBootCerts: string };
    };
    const validation = async (id: string) => {
      const res = await server.call({ method: 'GET', url: `${OS}/${id}/validation` });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const stateOf = async (id: string) => (await validation(id)).state as string;
    const until = (id: string, state: string) =>
      waitFor(async () => ((await stateOf(id)) === state ? true : undefined), `${id} ${state}`);

    test('a create starts validation with the profile as input; the report lands on the profile', async () => {
      const profile = await create({
        tlsCaCert: certs.valid,
        secureBootCerts: certs.valid,
        secureBootDbx: `sha256:${'AB'.repeat(32)}`,
        secureBootMokCerts: certs.valid,
        sbatLevel: 'sbat,1,2024010900\ngrub,4',
      });
      assert.equal(profile.validation.state, 'pending');
      assert.ok(profile.secureBootCerts.length > 0, 'secureBootCerts shown as base64');
      const call = await fake.next();
      assert.equal(call.input.url, 'https://images.example.test/ubuntu/jammy.img?sig=a%2Bb&exp=1~2');
      assert.equal(call.input.sha256, 'b9b65a7e045ca262ad614cbedeaa1bf34b9325d76f856e85e17b68984e7a4314');
      assert.equal(call.input.osType, 'OS_TYPE_MUTABLE');
      assert.equal(call.input.osVersion, `22.04.${serial}`);
      assert.equal(call.input.profileName, 'ubuntu-22.04-lts-custom');
      assert.equal(call.input.securityFeature, 'SECURITY_FEATURE_NONE');
      assert.match(call.input.caPem ?? '', /BEGIN CERTIFICATE/);
      assert.equal(call.input.secureBootCerts, call.input.caPem);
      assert.equal(call.input.secureBootMokCerts, call.input.caPem);
      assert.equal(call.input.secureBootDbx, `${'ab'.repeat(32)}\n`);
      assert.equal(call.input.sbatLevel, 'sbat,1,2024010900\ngrub,4\n');
      assert.equal(call.options.scratchDir, server.scratchDir);
      await until(profile.resourceId, 'running');
      call.progress({ stage: 'downloading', bytesDownloaded: 4096, total: 8192 });
      await waitFor(
        async () => ((await validation(profile.resourceId)).progress ? true : undefined),
        'progress',
      );
      const running = await validation(profile.resourceId);
      assert.deepEqual(running.progress.bytesDownloaded, 4096);
      assert.ok(running.startedAt);
      call.finish(fakeReport('passed'));
      await until(profile.resourceId, 'passed');
      const done = await validation(profile.resourceId);
      assert.deepEqual(done.report.checks, [
        { id: 'image.sha256', status: 'pass', message: 'image.sha256: pass' },
      ]);
      assert.equal(done.report.state, 'passed');
      assert.deepEqual(done.facts, ubuntuFacts());
      assert.equal(done.error, null);
      assert.ok(done.finishedAt);
      const shown = (await server.call({ method: 'GET', url: `${OS}/${profile.resourceId}` })).json();
      assert.deepEqual(shown.validation, { state: 'passed' });
    });

    test('validate: false creates without a job; POST validate starts one, idempotently', async () => {
      const calls = fake.calls.length;
      const profile = await create({ validate: false });
      const never = await validation(profile.resourceId);
      assert.equal(never.jobId, null);
      assert.equal(never.state, 'pending');
      assert.equal(fake.calls.length, calls);
      const first = await server.call({ method: 'POST', url: `${OS}/${profile.resourceId}/validate` });
      assert.equal(first.statusCode, 202);
      const call = await fake.next();
      const second = await server.call({ method: 'POST', url: `${OS}/${profile.resourceId}/validate` });
      assert.equal(second.statusCode, 202);
      assert.equal(second.json().jobId, first.json().jobId);
      call.finish(fakeReport('failed', 'ubuntu.cloud-init'));
      await until(profile.resourceId, 'failed');
      const list = await server.call({
        method: 'GET',
        url: `${OS}?filter=${encodeURIComponent('validation.state = "failed"')}`,
      });
      assert.deepEqual(
        list.json().OperatingSystemResources.map((p: { resourceId: string }) => p.resourceId),
        [profile.resourceId],
      );
      // A finished validation can be run again: a new job.
      const again = await server.call({ method: 'POST', url: `${OS}/${profile.resourceId}/validate` });
      assert.notEqual(again.json().jobId, first.json().jobId);
      (await fake.next()).finish(fakeReport('warned'));
      await until(profile.resourceId, 'warned');
    });

    test('validate must be a boolean and is not a profile field on PATCH', async () => {
      const res = await server.call({
        method: 'POST',
        url: OS,
        payload: ubuntuBody({ name: 'bad', validate: 'no' }),
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().message, 'validate must be true or false.');
      const profile = await create({ validate: false });
      const patch = await server.call({
        method: 'PATCH',
        url: `${OS}/${profile.resourceId}`,
        payload: { validate: true },
      });
      assert.equal(patch.statusCode, 400);
      const filter = await server.call({
        method: 'GET',
        url: `${OS}?filter=${encodeURIComponent('validation.state = "odd"')}`,
      });
      assert.equal(filter.statusCode, 400);
    });

    test('a validator error fails the job with its code', async () => {
      const profile = await create();
      (await fake.next()).finish(new OrchError('TARGET_IO', 'scratch folder is full'));
      await until(profile.resourceId, 'failed');
      const done = await validation(profile.resourceId);
      assert.deepEqual(done.error, { code: 'TARGET_IO', message: 'scratch folder is full' });
      assert.equal(done.report, null);
    });

    test('no more than --validation-concurrency jobs run at once', async () => {
      const profiles = [await create(), await create(), await create(), await create()];
      const first = [await fake.next(), await fake.next()];
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(fake.active, 2);
      const states = await Promise.all(profiles.map((p) => stateOf(p.resourceId)));
      assert.deepEqual(states.sort(), ['pending', 'pending', 'running', 'running']);
      first.forEach((call) => call.finish(fakeReport('passed')));
      const rest = [await fake.next(), await fake.next()];
      rest.forEach((call) => call.finish(fakeReport('passed')));
      for (const p of profiles) await until(p.resourceId, 'passed');
      assert.equal(fake.maxActive, 2);
    });

    test('deleting a profile aborts its running job and removes it', async () => {
      const profile = await create();
      const call = await fake.next();
      await until(profile.resourceId, 'running');
      const res = await server.call({ method: 'DELETE', url: `${OS}/${profile.resourceId}` });
      assert.equal(res.statusCode, 200);
      await call.aborted;
      assert.equal(
        (await server.call({ method: 'GET', url: `${OS}/${profile.resourceId}/validation` })).statusCode,
        404,
      );
      assert.equal(await validationJobs(server.store).latest('default', profile.resourceId), undefined);
    });

    test('the event stream sends the validation, its progress, and ends on the verdict', async () => {
      const profile = await create();
      const call = await fake.next();
      await until(profile.resourceId, 'running');
      const res = await server.call({
        method: 'GET',
        url: `${OS}/${profile.resourceId}/validation/events`,
        payloadAsStream: true,
      });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/event-stream/);
      const body = streamText(res.stream());
      // The first frame is sent in the tick that subscribes the stream to the job's events.
      await body.until((text) => parseEvents(text).some((e) => e.event === 'validation'));
      call.progress({ stage: 'downloading', bytesDownloaded: 100 });
      call.progress({ stage: 'writing', bytesDownloaded: 200, bytesWritten: 1000 });
      // The heartbeat too (every 100 ms here), before the verdict ends the stream.
      await body.until(
        (text) =>
          parseEvents(text).filter((e) => e.event === 'progress').length >= 2 && /^: keep-alive$/m.test(text),
      );
      call.finish(fakeReport('passed'));
      const events = parseEvents(await body.end());
      assert.equal(events[0]?.event, 'validation');
      assert.equal((events[0]?.data as { state: string }).state, 'running');
      const progress = events
        .filter((e) => e.event === 'progress')
        .map((e) => (e.data as { stage: string }).stage);
      assert.deepEqual(progress.slice(0, 2), ['downloading', 'writing']);
      const last = events.at(-1);
      assert.equal(last?.event, 'validation');
      assert.equal((last?.data as { state: string }).state, 'passed');
    });

    test('an event stream of a finished validation sends it once and ends', async () => {
      const profile = await create();
      (await fake.next()).finish(fakeReport('warned'));
      await until(profile.resourceId, 'warned');
      const res = await server.call({ method: 'GET', url: `${OS}/${profile.resourceId}/validation/events` });
      const events = parseEvents(res.body);
      assert.deepEqual(
        events.map((e) => [e.event, (e.data as { state: string }).state]),
        [['validation', 'warned']],
      );
    });

    test('a profile with no validation job: the stream sends the validation, then end NO_VALIDATION_JOB, and ends', async () => {
      const profile = await create({ validate: false });
      const res = await server.call({
        method: 'GET',
        url: `${OS}/${profile.resourceId}/validation/events`,
        payloadAsStream: true,
      });
      assert.equal(res.statusCode, 200);
      const started = Date.now();
      // Bounded: before, this stream stayed open until the client left.
      const events = parseEvents(await streamText(res.stream(), 5000).end());
      assert.ok(Date.now() - started < 5000);
      assert.deepEqual(
        events.map((e) => e.event),
        ['validation', 'end'],
      );
      const view = events[0]!.data as { jobId: unknown; state: string };
      assert.equal(view.jobId, null);
      assert.equal(view.state, 'pending');
      assert.deepEqual(events[1]!.data, {
        reason: 'NO_VALIDATION_JOB',
        message: `OS profile ${profile.resourceId} has no validation job; start one with POST …/validate`,
      });
    });

    test('deleting a followed profile ends its stream with error NotFound at once (the deletion is published, nothing polls)', async () => {
      const profile = await create();
      const call = await fake.next();
      await until(profile.resourceId, 'running');
      const res = await server.call({
        method: 'GET',
        url: `${OS}/${profile.resourceId}/validation/events`,
        payloadAsStream: true,
      });
      // 3 s: well under what a 5 s poll would take, so only the hub can have ended it.
      const body = streamText(res.stream(), 3000);
      await body.until((text) => parseEvents(text).some((e) => e.event === 'validation'));
      const deleted = await server.call({ method: 'DELETE', url: `${OS}/${profile.resourceId}` });
      assert.equal(deleted.statusCode, 200);
      const events = parseEvents(await body.end());
      assert.deepEqual(events.at(-1), {
        event: 'error',
        data: {
          code: 'NotFound',
          message: `OS profile ${profile.resourceId} not found in project "default"`,
        },
      });
      await call.aborted;
    });

    test('a job change reaches an open stream within a bound (hub only: nothing polls)', async () => {
      const profile = await create({ validate: false });
      // A job held pending: the stream stays open on it.
      const start = await server.call({ method: 'POST', url: `${OS}/${profile.resourceId}/validate` });
      const call = await fake.next();
      await until(profile.resourceId, 'running');
      const res = await server.call({
        method: 'GET',
        url: `${OS}/${profile.resourceId}/validation/events`,
        payloadAsStream: true,
      });
      const body = streamText(res.stream(), 3000);
      await body.until((text) => parseEvents(text).some((e) => e.event === 'validation'));
      call.finish(fakeReport('failed'));
      const events = parseEvents(await body.end());
      const last = events.at(-1)!.data as { state: string; jobId: string };
      assert.deepEqual(
        [events.at(-1)!.event, last.state, last.jobId],
        ['validation', 'failed', start.json().jobId],
      );
    });

    test('roles: read may watch, only write may start', async () => {
      const profile = await create({ validate: false });
      const reader = await server.token('default', 'read');
      const start = await server.call({
        method: 'POST',
        url: `${OS}/${profile.resourceId}/validate`,
        secret: reader,
      });
      assert.equal(start.statusCode, 403);
      const read = await server.call({
        method: 'GET',
        url: `${OS}/${profile.resourceId}/validation`,
        secret: reader,
      });
      assert.equal(read.statusCode, 200);
      const anonymous = await server.app.inject({
        method: 'GET',
        url: `${OS}/${profile.resourceId}/validation/events`,
      });
      assert.equal(anonymous.statusCode, 401);
    });
  });
}

/**
 * The text of a response stream as it arrives: `until(test)` resolves once the text so far passes
 * `test` (rejects if the stream ends first or after `boundMs`, 30 s by default), `end()` with the
 * whole text once the stream ends (within the same bound).
 */
function streamText(
  stream: NodeJS.ReadableStream,
  boundMs = 30_000,
): {
  until(test: (text: string) => boolean): Promise<void>;
  end(): Promise<string>;
} {
  let text = '';
  let ended = false;
  let failure: unknown;
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((waiter) => waiter());
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    text += chunk;
    wake();
  });
  stream.on('end', () => {
    ended = true;
    wake();
  });
  stream.on('error', (error) => {
    failure = error;
    ended = true;
    wake();
  });
  // Bounded, so a frame that never comes fails the test with what did come (generous: busy machines).
  const when = (done: () => boolean, ok: () => void, fail: (error: Error) => void) => {
    const timer = setTimeout(
      () => settle(new Error(`no such frame within ${boundMs} ms; got: ${text}`)),
      boundMs,
    );
    const settle = (error?: Error) => {
      clearTimeout(timer);
      waiters.delete(check);
      if (error) fail(error);
      else ok();
    };
    const check = () => {
      if (done()) settle();
      else if (ended) settle(new Error(`stream ended: ${String(failure ?? text)}`));
    };
    waiters.add(check);
    check();
  };
  return {
    until: (test) => new Promise((resolve, reject) => when(() => test(text), resolve, reject)),
    end: () =>
      new Promise((resolve, reject) =>
        when(
          () => ended && failure === undefined,
          () => resolve(text),
          reject,
        ),
      ),
  };
}

/** The events of a server-sent event body (comments skipped). */
function parseEvents(body: string): { event: string; data: unknown }[] {
  return body
    .split('\n\n')
    .map((block) => block.split('\n').filter((line) => line && !line.startsWith(':')))
    .filter((lines) => lines.length > 0)
    .map((lines) => ({
      event: lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message',
      data: JSON.parse(lines.find((l) => l.startsWith('data: '))?.slice(6) ?? 'null') as unknown,
    }));
}
