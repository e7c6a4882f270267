import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExtentBuilder } from './qcow2-extent-builder.js';

const bytes = (n: number, v: number) => new Uint8Array(n).fill(v);

test('merges holes, gathers data into runs, and starts a new run when the next piece does not fit', () => {
  const builder = new ExtentBuilder(1024);
  const out = [
    ...builder.hole(100),
    ...builder.hole(50),
    ...builder.data(bytes(600, 1)),
    ...builder.data(bytes(400, 2)),
    ...builder.data(bytes(200, 4)),
    ...builder.hole(10),
    ...builder.data(bytes(5, 3)),
    ...builder.finish(),
  ];
  assert.deepEqual(
    out.map((e) => (e.kind === 'hole' ? ['hole', e.offset, e.length] : ['data', e.offset, e.data.length])),
    [
      ['hole', 0, 150],
      ['data', 150, 1000],
      ['data', 1150, 200],
      ['hole', 1350, 10],
      ['data', 1360, 5],
    ],
  );
  const first = out[1]!;
  assert.ok(first.kind === 'data' && first.data[599] === 1 && first.data[600] === 2);
});

test('slot() hands out the place to write a cluster in the current run', () => {
  const builder = new ExtentBuilder(8);
  const a = builder.slot(4);
  a.slot.fill(1);
  const b = builder.slot(4);
  b.slot.fill(2);
  const c = builder.slot(4);
  assert.deepEqual([a.ready, b.ready], [[], []]);
  assert.equal(c.ready.length, 1);
  const run = c.ready[0]!;
  assert.ok(run.kind === 'data');
  assert.deepEqual([...run.data], [1, 1, 1, 1, 2, 2, 2, 2]);
});

test('a handed-over run is never written again', () => {
  const builder = new ExtentBuilder(64);
  const [small] = [...builder.data(bytes(10, 7)), ...builder.hole(1)];
  builder.data(bytes(10, 9));
  assert.ok(small?.kind === 'data');
  assert.deepEqual([...small.data], Array(10).fill(7));
});

test('an empty sequence gives no extents', () => {
  assert.deepEqual(new ExtentBuilder().finish(), []);
});

test('a slot larger than the run size is refused, never handed out short', () => {
  const builder = new ExtentBuilder(8);
  assert.throws(() => builder.slot(9), RangeError);
});
