import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isResourceId, newJobId, newResourceId, type RandomSource } from './resource-id.js';

/** A random source that fills with fixed bytes, so the id is known. */
const fixed = (bytes: number[]): RandomSource => ({
  getRandomValues: <T extends Uint8Array>(array: T): T => {
    array.set(bytes.slice(0, array.length));
    return array;
  },
});

test('newResourceId: prefix and 8 lower-case hex from the random source', () => {
  assert.equal(newResourceId('os', fixed([0x0a, 0x1b, 0xc2, 0xff])), 'os-0a1bc2ff');
  assert.equal(newResourceId('host', fixed([0, 0, 0, 1])), 'host-00000001');
  assert.equal(newResourceId('inst', fixed([0xde, 0xad, 0xbe, 0xef])), 'inst-deadbeef');
});

test('newResourceId: default source gives well-formed, varying ids', () => {
  const ids = new Set(Array.from({ length: 50 }, () => newResourceId('os')));
  for (const id of ids) assert.equal(isResourceId('os', id), true, id);
  assert.ok(ids.size > 45);
});

test('isResourceId', () => {
  assert.equal(isResourceId('os', 'os-0a1b2c3d'), true);
  for (const bad of [
    'os-0A1B2C3D',
    'os-0a1b2c3',
    'os-0a1b2c3d4',
    'host-0a1b2c3d',
    'os_0a1b2c3d',
    'os-0a1b2c3g',
    '',
  ]) {
    assert.equal(isResourceId('os', bad), false, bad);
  }
  assert.equal(isResourceId('host', 'host-12345678'), true);
});

test('newJobId: job- and 16 lower-case hex digits from the random source', () => {
  assert.equal(newJobId(fixed([1, 2, 3, 4, 5, 6, 7, 0xff])), 'job-01020304050607ff');
  assert.match(newJobId(), /^job-[0-9a-f]{16}$/);
});
