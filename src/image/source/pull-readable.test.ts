import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { pullReadable } from './pull-readable.js';

test('pullReadable delivers the chunks in order and pulls only what the consumer wants', async () => {
  let produced = 0;
  const stream = pullReadable(async function* () {
    for (let i = 0; i < 100; i += 1) {
      produced += 1;
      yield Buffer.alloc(4096, i);
    }
  });
  await sleep(20);
  assert.ok(produced <= 6, `produced ${produced} chunks before anyone read`);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  assert.equal(Buffer.concat(chunks).length, 100 * 4096);
  assert.equal(Buffer.concat(chunks)[99 * 4096], 99);
});

test('destroying the stream aborts the signal first, so a waiting producer stops at once', async () => {
  let seen: AbortSignal | undefined;
  let finished = false;
  const stream = pullReadable(async function* (signal) {
    seen = signal;
    try {
      yield Buffer.from('a');
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    } finally {
      finished = true;
    }
  });
  stream.once('data', () => undefined);
  await sleep(10);
  const started = Date.now();
  await new Promise<void>((resolve) => stream.destroy().once('close', () => resolve()));
  assert.equal(seen?.aborted, true);
  assert.equal(finished, true);
  assert.ok(Date.now() - started < 500);
});

test('an error thrown by the producer errors the stream', async () => {
  const stream = pullReadable(async function* () {
    yield Buffer.from('x');
    throw new Error('producer failed');
  });
  await assert.rejects(async () => {
    for await (const _ of stream) void _;
  }, /producer failed/);
});
