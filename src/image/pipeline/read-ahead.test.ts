import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { readAhead } from './read-ahead.js';

describe('readAhead', () => {
  test('yields every item in order, requesting exactly one ahead of the consumer', async () => {
    const requested: number[] = [];
    async function* input(): AsyncGenerator<number> {
      for (let i = 0; i < 5; i += 1) {
        requested.push(i);
        yield i;
      }
    }
    const seen: number[] = [];
    for await (const item of readAhead(input())) {
      await tick();
      seen.push(item);
      // While the consumer holds item N, item N+1 has been produced and nothing beyond it.
      assert.equal(requested.at(-1), Math.min(item + 1, 4));
    }
    assert.deepEqual(seen, [0, 1, 2, 3, 4]);
  });

  test('a failure of the input reaches the consumer', async () => {
    async function* input(): AsyncGenerator<number> {
      yield 1;
      throw new Error('broken');
    }
    const seen: number[] = [];
    await assert.rejects(async () => {
      for await (const item of readAhead(input())) seen.push(item);
    }, /broken/);
    assert.deepEqual(seen, [1]);
  });

  test('an early stop closes the input', async () => {
    let closed = false;
    async function* input(): AsyncGenerator<number> {
      try {
        for (let i = 0; ; i += 1) yield i;
      } finally {
        closed = true;
      }
    }
    for await (const item of readAhead(input())) if (item === 2) break;
    await tick();
    assert.ok(closed);
  });
});
