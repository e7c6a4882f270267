import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gptRegionsToRead, readRegion } from './disk-region.js';

test('regions to read are the first and last MiB, or the whole of a small disk', () => {
  assert.deepEqual(gptRegionsToRead(10 << 20), [
    { offset: 0, length: 1 << 20 },
    { offset: 9 << 20, length: 1 << 20 },
  ]);
  assert.deepEqual(gptRegionsToRead(1536 * 1024), [{ offset: 0, length: 1536 * 1024 }]);
});

test('readRegion returns bytes only when one region holds the whole range', () => {
  const regions = [
    { offset: 0, bytes: Uint8Array.from([1, 2, 3, 4]) },
    { offset: 100, bytes: Uint8Array.from([5, 6, 7, 8]) },
  ];
  assert.deepEqual([...readRegion(regions, 101, 2)!], [6, 7]);
  assert.equal(readRegion(regions, 3, 2), undefined);
  assert.equal(readRegion(regions, 50, 1), undefined);
});
