import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ForwardReader } from './forward-reader.js';

async function* chunks(sizes: number[], state: { returned: boolean }) {
  try {
    let v = 0;
    for (const size of sizes) yield Uint8Array.from({ length: size }, () => v++ & 0xff);
  } finally {
    state.returned = true;
  }
}

test('hands out pieces no longer than asked, tracking the absolute position', async () => {
  const reader = new ForwardReader(chunks([5, 0, 7], { returned: false }));
  assert.deepEqual([...(await reader.next(3))!], [0, 1, 2]);
  assert.equal(reader.position, 3);
  assert.deepEqual([...(await reader.next())!], [3, 4]);
  assert.deepEqual([...(await reader.read(4))], [5, 6, 7, 8]);
  assert.equal(await reader.skipTo(11), true);
  assert.deepEqual([...(await reader.read(10))], [11], 'short at the end of input');
  assert.equal(await reader.next(), undefined);
  assert.equal(reader.ended, true);
  assert.equal(await reader.skipTo(20), false);
});

test('drain consumes everything; close tells the input to stop', async () => {
  const drained = { returned: false };
  const a = new ForwardReader(chunks([3, 3], drained));
  await a.drain();
  assert.equal(a.position, 6);
  const closed = { returned: false };
  const b = new ForwardReader(chunks([3, 3, 3], closed));
  await b.next(1);
  await b.close();
  assert.equal(closed.returned, true);
});
