// Event streams were authorised once, at the start: a revoked or expired token kept receiving
// events for as long as the connection lasted, and nothing bounded how many streams a caller (or
// everyone) held open. Streams are now re-authorised periodically (ending with an `error` event
// carrying the code) and capped per principal and in all (429 TOO_MANY_STREAMS).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { issueToken } from '../../src/server/auth/issue-token.js';
import { openStore } from '../../src/store/open-store.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { ubuntuBody } from '../server/support/profile-bodies.js';
import { TEST_RELEASE_SERVICE_URL } from '../server/support/test-server.js';
import { createFakeValidator } from '../server/validation/fake-validator.js';
import { FAST_RUNNER } from '../server/validation/validation-server.js';

const OS = '/v1/projects/default/compute/os';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('event streams: re-authorised, capped', () => {
  const fake = createFakeValidator();
  let store: KyselyStore;
  let app: FastifyInstance;
  let scratchDir: string;
  let admin: string;
  let osId: string;
  before(async () => {
    scratchDir = await mkdtemp(join(tmpdir(), 'orchd-streams-'));
    store = await openStore({ url: 'sqlite::memory:' });
    await store.migrateToLatest();
    await store.projects.create('default');
    app = await buildApp({
      store,
      config: {
        releaseServiceUrl: TEST_RELEASE_SERVICE_URL,
        streamLimits: { perPrincipal: 2, total: 3, reauthMs: 100 },
      },
      validation: { ...FAST_RUNNER, validate: fake.validate, scratchDir },
      validationStream: { heartbeatMs: 5000 },
    });
    await app.ready();
    admin = (await issueToken(store.tokens, { name: 'admin', admin: true, roles: [], now: new Date() }))
      .secret;
    const created = await call({ method: 'POST', url: OS, payload: ubuntuBody() }, admin);
    osId = (created.json() as { resourceId: string }).resourceId;
    await fake.next(); // running, and never finished: its stream stays open
  });
  after(async () => {
    await app?.close();
    await store?.close();
    await rm(scratchDir, { recursive: true, force: true });
  });

  const call = (
    options: { method: 'GET' | 'POST' | 'DELETE'; url: string; payload?: Record<string, unknown> },
    secret: string,
  ) => app.inject({ ...options, headers: { authorization: `Bearer ${secret}` } });
  const reader = async (expiresAt?: Date) => {
    const now = expiresAt ? new Date(expiresAt.getTime() - 3600_000) : new Date();
    return issueToken(store.tokens, {
      name: 'viewer',
      admin: false,
      roles: [{ project: 'default', role: 'read' }],
      now,
      ...(expiresAt ? { expiresIn: '1h' } : {}),
    });
  };
  const validationStream = (secret: string) =>
    call({ method: 'GET', url: `${OS}/${osId}/validation/events` }, secret);
  const hostStream = (secret: string) => call({ method: 'GET', url: '/v1/projects/default/events' }, secret);
  const errorEvent = (res: LightMyRequestResponse) => {
    const match = /^event: error\ndata: (.*)$/m.exec(res.body);
    return match ? (JSON.parse(match[1]!) as { code: string; message: string }) : undefined;
  };
  test('a token revoked mid-stream: the validation stream ends with an error event (Unauthenticated)', async () => {
    const { token, secret } = await reader();
    const started = Date.now();
    const streamed = validationStream(secret);
    await sleep(300);
    assert.equal(await store.tokens.revoke(token.id), true);
    const res = await streamed;
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /^event: validation$/m, 'the stream had started');
    assert.deepEqual(errorEvent(res), {
      code: 'Unauthenticated',
      message: 'the bearer token is unknown or revoked',
    });
    assert.ok(Date.now() - started < 20_000);
  });

  test('a token revoked mid-stream: the host events stream ends the same way', async () => {
    const { token, secret } = await reader();
    const streamed = hostStream(secret);
    await sleep(300);
    await store.tokens.revoke(token.id);
    const res = await streamed;
    assert.equal(res.statusCode, 200);
    assert.equal(errorEvent(res)?.code, 'Unauthenticated');
  });

  test('a token that expires mid-stream ends the stream at its expiry', async () => {
    const { secret } = await reader(new Date(Date.now() + 1500));
    const res = await validationStream(secret);
    assert.equal(res.statusCode, 200);
    const error = errorEvent(res);
    assert.equal(error?.code, 'Unauthenticated');
    assert.match(error?.message ?? '', /expired/);
  });

  test('per principal: a third stream of one token answers 429; the cap in all holds for everyone', async () => {
    const one = await reader();
    const two = await reader();
    const held = [validationStream(one.secret), hostStream(one.secret)];
    await sleep(200);
    const third = await validationStream(one.secret);
    assert.equal(third.statusCode, 429, third.body);
    assert.equal(third.json().code, 'TOO_MANY_STREAMS');
    assert.deepEqual(third.json().details, { limit: 2, scope: 'principal' });
    const hosts = await hostStream(one.secret);
    assert.equal(hosts.statusCode, 429);
    assert.equal(hosts.json().code, 'TOO_MANY_STREAMS');
    // Another token still gets one (3 in all), then orchd's cap answers.
    held.push(validationStream(two.secret));
    await sleep(200);
    const over = await validationStream(two.secret);
    assert.equal(over.statusCode, 429, over.body);
    assert.deepEqual(over.json().details, { limit: 3, scope: 'total' });
    // Ending the streams gives the slots back.
    await store.tokens.revoke(one.token.id);
    await store.tokens.revoke(two.token.id);
    for (const res of await Promise.all(held)) assert.equal(errorEvent(res)?.code, 'Unauthenticated');
    const three = await reader();
    const again = validationStream(three.secret);
    await sleep(200);
    await store.tokens.revoke(three.token.id);
    assert.equal((await again).statusCode, 200);
  });
});
