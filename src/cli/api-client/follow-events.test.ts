import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CliError, EXIT } from '../cli-error.js';
import type { ApiClient } from './api-client.js';
import { toApiError } from './api-error.js';
import { followEvents } from './follow-events.js';

const bytes = (text: string) => new TextEncoder().encode(text);
async function* chunks(...parts: string[]) {
  for (const part of parts) yield bytes(part);
}

/** A client whose streams answer `answers` in turn, recording the Last-Event-ID of each open. */
function streamingClient(answers: (() => AsyncIterable<Uint8Array> | Error)[]) {
  const opened: (string | undefined)[] = [];
  const client: ApiClient = {
    baseUrl: 'http://orchd.test',
    request: async () => {
      throw new Error('no plain requests here');
    },
    openStream: async (_path, options) => {
      opened.push(options.lastEventId);
      const next = answers.shift();
      if (!next) throw new Error('no more answers');
      const body = next();
      if (body instanceof Error) throw body;
      return { status: 200, body, text: async () => '' };
    },
  };
  return { client, opened };
}

test('a stream that ends early is reopened with Last-Event-ID = the last id seen; nothing is seen twice', async () => {
  const { client, opened } = streamingClient([
    () =>
      chunks('id: 7\nevent: host\ndata: {"n":1}\n\n', 'id: 8\nevent: provisioning\nda', 'ta: {"n":2}\n\n'),
    () => new CliError('cannot reach orchd at http://orchd.test: ECONNREFUSED', EXIT.unreachable),
    () => chunks(': keep-alive\n\nid: 9\nevent: provisioning\ndata: {"n":3}\n\n'),
  ]);
  const seen: string[] = [];
  const reconnects: string[] = [];
  await followEvents({
    client,
    path: '/v1/projects/p/events',
    retryDelayMs: 1,
    onReconnect: (reason) => reconnects.push(reason),
    onMessage: (m) => {
      seen.push(`${m.id}:${m.event}:${m.data}`);
      return m.id === '9';
    },
  });
  assert.deepEqual(seen, ['7:host:{"n":1}', '8:provisioning:{"n":2}', '9:provisioning:{"n":3}']);
  assert.deepEqual(opened, [undefined, '8', '8']);
  assert.deepEqual(reconnects, ['the stream ended', 'cannot reach orchd at http://orchd.test: ECONNREFUSED']);
});

test('a refusal is not retried; a handler error ends following; too many failures exit 3', async () => {
  const refused = streamingClient([
    () => toApiError(404, '{"code":"NotFound","message":"host h not found"}'),
  ]);
  await assert.rejects(followEvents({ client: refused.client, path: '/x', onMessage: () => true }), {
    message: 'host h not found',
    exitCode: 1,
  });
  assert.equal(refused.opened.length, 1);
  const failing = streamingClient([() => chunks('id: 1\ndata: x\n\n')]);
  await assert.rejects(
    followEvents({
      client: failing.client,
      path: '/x',
      onMessage: () => {
        throw new CliError('the profile was deleted', EXIT.failed);
      },
    }),
    { message: 'the profile was deleted' },
  );
  const down = () => new CliError('cannot reach orchd', EXIT.unreachable);
  const gone = streamingClient([down, down, down]);
  await assert.rejects(
    followEvents({ client: gone.client, path: '/x', retries: 2, retryDelayMs: 1, onMessage: () => true }),
    {
      exitCode: 3,
      message: /^lost orchd's event stream: cannot reach orchd \(gave up after 2 reconnects\)$/,
    },
  );
});

test('a stream that ends with `end` or `error` is not reopened, whatever the handler answers', async () => {
  for (const last of [
    'event: end\ndata: {"reason":"NO_VALIDATION_JOB","message":"OS profile os-1 has no validation job"}\n\n',
    'event: error\ndata: {"code":"NotFound","message":"OS profile os-1 not found"}\n\n',
  ]) {
    // A second answer that must never be asked for: a reopen would take it.
    const { client, opened } = streamingClient([
      () => chunks('id: 3\nevent: validation\ndata: {"state":"pending"}\n\n', last),
      () => chunks('id: 4\nevent: validation\ndata: {"state":"running"}\n\n'),
    ]);
    const seen: string[] = [];
    const reconnects: string[] = [];
    const followed = followEvents({
      client,
      path: '/v1/projects/p/compute/os/os-1/validation/events',
      retryDelayMs: 1,
      onReconnect: (reason) => reconnects.push(reason),
      onMessage: (m) => void seen.push(m.event),
    });
    // `end` returns; an `error` the handler did not end on is orchd's refusal, as a request's would be.
    if (last.startsWith('event: end')) await followed;
    else await assert.rejects(followed, { message: 'OS profile os-1 not found', exitCode: EXIT.failed });
    assert.deepEqual(opened, [undefined]);
    assert.deepEqual(reconnects, []);
    assert.deepEqual(seen, ['validation', last.slice(7, last.indexOf('\n'))]);
  }
});

test('a stream cut without a last event is reopened with Last-Event-ID, then ends at its `end`', async () => {
  const { client, opened } = streamingClient([
    () => chunks('id: 5\nevent: progress\ndata: {"n":1}\n\n'),
    () =>
      chunks(
        'id: 6\nevent: progress\ndata: {"n":2}\n\n',
        'event: end\ndata: {"reason":"NO_VALIDATION_JOB"}\n\n',
      ),
    () => chunks('id: 7\nevent: progress\ndata: {"n":3}\n\n'),
  ]);
  const seen: string[] = [];
  await followEvents({
    client,
    path: '/x',
    retryDelayMs: 1,
    onMessage: (m) => void seen.push(`${m.id ?? '-'}:${m.event}`),
  });
  assert.deepEqual(opened, [undefined, '5']);
  assert.deepEqual(seen, ['5:progress', '6:progress', '-:end']);
});

test('a stream ended by a revoked or expired credential exits 3 like a 401, without reconnecting', async () => {
  const { client, opened } = streamingClient([
    () =>
      chunks(
        'id: 1\nevent: host\ndata: {}\n\n',
        'event: error\ndata: {"code":"Unauthenticated","message":"the token was revoked"}\n\n',
      ),
    () => chunks('id: 2\nevent: host\ndata: {}\n\n'),
  ]);
  await assert.rejects(
    followEvents({ client, path: '/v1/projects/p/events', retryDelayMs: 1, onMessage: () => false }),
    { message: 'the token was revoked', exitCode: EXIT.unreachable },
  );
  assert.deepEqual(opened, [undefined]);
});
