import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asBuffer, isZeroRange } from './zero-scan.js';

test('a range is zero only when every byte is, whatever the sampled positions hold', () => {
  const bytes = Buffer.alloc(200 * 1024);
  assert.equal(isZeroRange(bytes, 0, bytes.length), true);
  assert.equal(isZeroRange(bytes, 5, 5), true, 'empty');
  for (const at of [0, 1, 4095, 65535, 65536, 100 * 1024 + 3, bytes.length - 1]) {
    bytes[at] = 1;
    assert.equal(isZeroRange(bytes, 0, bytes.length), false, `a one at ${at}`);
    assert.equal(isZeroRange(bytes, at + 1, bytes.length), true, `after ${at}`);
    bytes[at] = 0;
  }
});

test('asBuffer views the same memory without copying', () => {
  const bytes = new Uint8Array(16).subarray(4, 12);
  const view = asBuffer(bytes);
  view[0] = 9;
  assert.equal(bytes[0], 9);
  assert.equal(view.byteLength, 8);
  const buffer = Buffer.alloc(4);
  assert.equal(asBuffer(buffer), buffer);
});
