import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExtentBuilder } from './qcow2-extent-builder.js';

const bytes = (n: number, v: number) => new Uint8Array(n).fill(v);

test('merges holes, gathers data into runs, and splits runs at maxRun', () => {
  const builder = new ExtentBuilder(1024);
  const out = [
    ...builder.hole(100),
    ...builder.hole(50),
    ...builder.data(bytes(600, 1)),
    ...builder.data(bytes(600, 2)),
    ...builder.hole(10),
    ...builder.data(bytes(5, 3)),
    ...builder.finish(),
  ];
  assert.deepEqual(
    out.map((e) => (e.kind === 'hole' ? ['hole', e.offset, e.length] : ['data', e.offset, e.data.length])),
    [
      ['hole', 0, 150],
      ['data', 150, 1024],
      ['data', 1174, 176],
      ['hole', 1350, 10],
      ['data', 1360, 5],
    ],
  );
  const first = out[1]!;
  assert.ok(first.kind === 'data' && first.data[599] === 1 && first.data[600] === 2);
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
