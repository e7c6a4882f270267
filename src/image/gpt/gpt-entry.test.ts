import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeGptEntries, encodeGptEntries, type GptEntry } from './gpt-entry.js';
import { GptError } from './gpt-error.js';
import { PARTITION_TYPES } from './partition-types.js';

const entry = (number: number, name: string): GptEntry => ({
  number,
  typeGuid: PARTITION_TYPES.linuxFilesystem.guid,
  uniqueGuid: '6A4E2F10-1B2C-4D3E-8F40-5162738495A6',
  firstLba: 2048n * BigInt(number),
  lastLba: 2048n * BigInt(number) + 2047n,
  attributes: (1n << 63n) | 4n,
  name,
});

test('entries round-trip, keeping slot numbers and skipping unused slots', () => {
  const entries = [entry(1, 'EFI'), entry(3, 'rootfs — äöü'), entry(4, 'x'.repeat(36))];
  const bytes = encodeGptEntries(entries, 128, 128);
  assert.equal(bytes.length, 16384);
  assert.deepEqual(decodeGptEntries(bytes, 128, 128), entries);
});

test('larger entry sizes (256) are decoded slot by slot', () => {
  const bytes = encodeGptEntries([entry(2, 'b')], 4, 256);
  assert.deepEqual(decodeGptEntries(bytes, 4, 256), [entry(2, 'b')]);
});

test('a name over 36 code units, a bad number or a short array are GptErrors', () => {
  assert.throws(
    () => encodeGptEntries([entry(1, 'y'.repeat(37))]),
    (e: unknown) => e instanceof GptError && e.field === 'name',
  );
  assert.throws(
    () => encodeGptEntries([entry(1, 'a'), entry(1, 'b')]),
    (e: unknown) => e instanceof GptError && e.field === 'number',
  );
  assert.throws(
    () => encodeGptEntries([entry(129, 'a')]),
    (e: unknown) => e instanceof GptError && e.field === 'number',
  );
  assert.throws(
    () => decodeGptEntries(new Uint8Array(1024), 128, 128),
    (e: unknown) => e instanceof GptError && e.field === 'numberOfEntries',
  );
});
