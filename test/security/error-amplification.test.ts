// Attack: a body with 55,000 invalid metadata keys produced a 12 MB answer and a 4.7 MB log line.
// The answer names the first issues and counts the rest.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { REPORTED_ISSUES_MAX } from '../../src/core/os-profile/index.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { serverBackends } from '../server/support/server-backends.js';
import { startTestServer, type TestServer } from '../server/support/test-server.js';
import { API_TEST_NOW, ubuntuBody } from '../server/support/profile-bodies.js';

const KEYS = 55_000;
const [sqlite] = await serverBackends('sec_amp');
let server: TestServer;
let store: KyselyStore;

before(async () => {
  store = await sqlite!.backend!.open(() => API_TEST_NOW);
  server = await startTestServer(store, {}, () => API_TEST_NOW);
  await server.call({ method: 'POST', url: '/v1/projects', payload: { name: 'alpha' } });
});
after(async () => {
  await server?.close();
  await sqlite?.backend?.dispose();
});

test(`${KEYS} invalid metadata keys: the first ${REPORTED_ISSUES_MAX} issues and a count, in a small answer`, async () => {
  const metadata = Object.fromEntries(Array.from({ length: KEYS }, (_, i) => [`\u0001${i}`, '']));
  const res = await server.call({
    method: 'POST',
    url: '/v1/projects/alpha/compute/os',
    payload: ubuntuBody({ metadata }),
  });
  assert.equal(res.statusCode, 400);
  assert.ok(res.body.length < 16 * 1024, `answer of ${res.body.length} bytes`);
  const body = res.json();
  assert.equal(body.code, 'InvalidArgument');
  assert.equal(body.details.issues.length, REPORTED_ISSUES_MAX);
  assert.equal(body.details.issueCount, KEYS);
  assert.match(body.message, new RegExp(`\\(and ${KEYS - REPORTED_ISSUES_MAX} more issues\\)$`));
});

test(`${KEYS} unknown fields: the first few named and a count, answered quickly`, async () => {
  const extra = Object.fromEntries(Array.from({ length: KEYS }, (_, i) => [`unknown${i}`, 1]));
  const started = performance.now();
  const res = await server.call({
    method: 'POST',
    url: '/v1/projects/alpha/compute/os',
    payload: ubuntuBody(extra),
  });
  const took = performance.now() - started;
  assert.equal(res.statusCode, 400);
  assert.ok(res.body.length < 16 * 1024, `answer of ${res.body.length} bytes`);
  const body = res.json();
  assert.equal(body.code, 'InvalidArgument');
  assert.match(body.message, /^Unknown fields unknown0, unknown1, .* and \d+ more; accepted fields are/);
  assert.ok(took < 5000, `answered in ${Math.round(took)} ms`);
});
