import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Extent } from '../extent.js';
import { checkExtentOrder } from './extent-order.js';

test('a contiguous extent returns its length', () => {
  assert.equal(checkExtentOrder({ kind: 'data', offset: 10, data: new Uint8Array(5) }, 10), 5);
  assert.equal(checkExtentOrder({ kind: 'hole', offset: 15, length: 0 }, 15), 0);
});

test('gaps, overlaps, bad lengths and unknown kinds are RangeErrors', () => {
  assert.throws(() => checkExtentOrder({ kind: 'hole', offset: 20, length: 1 }, 15), {
    name: 'RangeError',
    message: /expected offset 15, got hole extent at 20 \(leaves a gap\)/,
  });
  assert.throws(
    () => checkExtentOrder({ kind: 'hole', offset: 10, length: 1 }, 15),
    /overlaps or goes backwards/,
  );
  assert.throws(() => checkExtentOrder({ kind: 'hole', offset: 15, length: 1.5 }, 15), /invalid length 1.5/);
  assert.throws(
    () => checkExtentOrder({ kind: 'other', offset: 15 } as unknown as Extent, 15),
    /unknown kind "other"/,
  );
});
