import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SparseWriter } from './sparse-writer.js';

/** Records every write as [offset, length, first byte]. */
function recorder() {
  const writes: [number, number, number][] = [];
  const write = async (bytes: Uint8Array, offset: number) => {
    writes.push([offset, bytes.byteLength, bytes[0]!]);
  };
  return { writes, write };
}

const filled = (length: number, byte: number) => new Uint8Array(length).fill(byte);

test('contiguous data is gathered into writes of at most the capacity', async () => {
  const { writes, write } = recorder();
  const w = new SparseWriter(write, { skipZeros: true, capacity: 16384 });
  for (let i = 0; i < 6; i++) await w.data(filled(5000, 1), i * 5000);
  await w.flush();
  assert.deepEqual(writes, [
    [0, 16384, 1],
    [16384, 13616, 1],
  ]);
  assert.equal(w.bytesWritten, 30000);
});

test('all-zero blocks, aligned to absolute offsets, are skipped and counted', async () => {
  const { writes, write } = recorder();
  const w = new SparseWriter(write, { skipZeros: true, blockSize: 4096 });
  const bytes = new Uint8Array(16384);
  bytes[100] = 7; // block [1024, 4096) of the target (the extent starts at 1024)
  bytes[3072 + 4096 * 2 + 5] = 9; // block [12288, 16384)
  await w.data(bytes, 1024);
  await w.flush();
  assert.deepEqual(writes, [
    [1024, 3072, 0],
    [12288, 4096, 0],
  ]);
  assert.equal(w.bytesSkipped, 16384 - 3072 - 4096);
  assert.equal(w.bytesWritten + w.bytesSkipped, 16384);
});

test('holes are skipped on a zeroed target and written as zeros otherwise', async () => {
  const sparse = recorder();
  const skipping = new SparseWriter(sparse.write, { skipZeros: true });
  await skipping.hole(0, 10_000_000);
  await skipping.flush();
  assert.deepEqual(sparse.writes, []);
  assert.equal(skipping.bytesSkipped, 10_000_000);
  const dense = recorder();
  const writing = new SparseWriter(dense.write, { skipZeros: false, capacity: 1 << 20 });
  await writing.data(filled(10, 3), 0);
  await writing.hole(10, 2 << 20);
  await writing.data(new Uint8Array(100), 10 + (2 << 20));
  await writing.flush();
  assert.deepEqual(
    dense.writes.map(([o, l]) => [o, l]),
    [
      [0, 1 << 20],
      [1 << 20, 1 << 20],
      [2 << 20, 110],
    ],
  );
  assert.equal(writing.bytesSkipped, 0);
  assert.equal(writing.bytesWritten, 10 + (2 << 20) + 100);
});

test('a large buffer goes out as is and a jump in offsets flushes first', async () => {
  const { writes, write } = recorder();
  const w = new SparseWriter(write, { skipZeros: false, capacity: 4096 });
  await w.data(filled(100, 1), 0);
  await w.data(filled(8192, 2), 500);
  await w.flush();
  assert.deepEqual(writes, [
    [0, 100, 1],
    [500, 8192, 2],
  ]);
});

test('with an aligned write, data is always gathered (never the caller array) and written through it', async () => {
  const plain = recorder();
  const aligned: Uint8Array[] = [];
  const w = new SparseWriter(plain.write, {
    skipZeros: true,
    capacity: 8192,
    alignedWrite: async (bytes) => void aligned.push(bytes),
  });
  const big = filled(20000, 3);
  await w.data(big, 0);
  await w.flush();
  assert.deepEqual(plain.writes, []);
  assert.deepEqual(
    aligned.map((b) => b.byteLength),
    [8192, 8192, 3616],
  );
  assert.equal(
    aligned.every((b) => b.buffer !== big.buffer),
    true,
  );
  assert.equal(w.bytesWritten, 20000);
});
