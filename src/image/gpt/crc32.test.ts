import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { crc32, formatCrc } from './crc32.js';

test('crc32 gives the IEEE check value for "123456789"', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  assert.equal(crc32(new Uint8Array()), 0);
});

test('crc32 continues a running checksum', () => {
  const data = randomBytes(1000);
  assert.equal(crc32(data.subarray(300), crc32(data.subarray(0, 300))), crc32(data));
});

test('crc32 agrees with zlib where this Node has zlib.crc32', () => {
  const zlibCrc = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
  const data = randomBytes(4096);
  // Node >= 20.15 ships it; on older 20.x the check value test above stands alone.
  if (zlibCrc) assert.equal(crc32(data), zlibCrc(data));
  assert.equal(formatCrc(0xab), '0x000000ab');
});
