import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byteFields } from './byte-fields.js';

test('reads each width in both byte orders, relative to a view inside a larger buffer', () => {
  const whole = Uint8Array.from([0xee, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0xee]);
  const fields = byteFields(whole.subarray(1, 9));
  assert.equal(fields.u8(0), 0x01);
  assert.equal(fields.u16le(0), 0x0201);
  assert.equal(fields.u16be(0), 0x0102);
  assert.equal(fields.u32le(4), 0x08070605);
  assert.equal(fields.u32be(4), 0x05060708);
  assert.equal(fields.u64le(0), 0x0807060504030201n);
  assert.equal(fields.u64be(0), 0x0102030405060708n);
  assert.deepEqual([...fields.slice(6, 10)], [0x07, 0x08], 'a slice stops at the view end');
  assert.throws(() => fields.u32le(6), RangeError, 'no read past the view, into the next byte');
});

test('writes land in the array, in the named byte order', () => {
  const bytes = new Uint8Array(16);
  const fields = byteFields(bytes.subarray(2));
  fields.setU8(0, 0xab);
  fields.setU16le(1, 0x0102);
  fields.setU32le(3, 0x03040506);
  fields.setU32be(7, 0x0708090a);
  assert.deepEqual(
    [...bytes.subarray(0, 13)],
    [0, 0, 0xab, 0x02, 0x01, 0x06, 0x05, 0x04, 0x03, 0x07, 0x08, 0x09, 0x0a],
  );
  fields.setU64le(0, 0x1122334455667788n);
  assert.equal(byteFields(bytes).u64le(2), 0x1122334455667788n);
  fields.setU64be(6, 0x1122334455667788n);
  assert.equal(byteFields(bytes).u64be(8), 0x1122334455667788n);
  assert.equal(fields.bytes.byteOffset, 2);
});
