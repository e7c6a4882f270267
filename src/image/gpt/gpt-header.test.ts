import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeGptHeader, encodeGptHeader, type GptHeaderFields } from './gpt-header.js';
import { GptError } from './gpt-error.js';

const FIELDS: GptHeaderFields = {
  myLba: 1n,
  alternateLba: 20479n,
  firstUsableLba: 34n,
  lastUsableLba: 20446n,
  diskGuid: '0B7E1C2D-3F4A-4B5C-8D6E-7F8091A2B3C4',
  partitionEntryLba: 2n,
  numberOfEntries: 128,
  entrySize: 128,
  entriesCrc32: 0x12345678,
};

test('encode then decode gives the fields back, with revision 1.0 and size 92', () => {
  const bytes = encodeGptHeader(FIELDS);
  assert.equal(bytes.length, 512);
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 8)), 'EFI PART');
  const header = decodeGptHeader(bytes);
  assert.deepEqual(
    { ...header, revision: 0, headerSize: 0, headerCrc32: 0 },
    { ...FIELDS, revision: 0, headerSize: 0, headerCrc32: 0 },
  );
  assert.equal(header.revision, 0x10000);
  assert.equal(header.headerSize, 92);
  assert.equal(encodeGptHeader(FIELDS, 4096).length, 4096);
});

test('a wrong signature is reported with offset and field', () => {
  const bytes = encodeGptHeader(FIELDS);
  bytes[0] = 0x58;
  assert.throws(
    () => decodeGptHeader(bytes, 512),
    (e: unknown) =>
      e instanceof GptError && e.field === 'signature' && e.offset === 512 && /"EFI PART"/.test(e.message),
  );
});

test('a flipped bit is a header CRC mismatch with stored and computed values', () => {
  const bytes = encodeGptHeader(FIELDS);
  bytes[40] = bytes[40]! ^ 1;
  assert.throws(
    () => decodeGptHeader(bytes, 512),
    (e: unknown) =>
      e instanceof GptError &&
      e.code === 'GPT_INVALID' &&
      e.field === 'headerCrc32' &&
      e.offset === 528 &&
      /CRC32 mismatch at offset 512/.test(e.message) &&
      e.expected !== e.actual,
  );
});

test('a header size below 92 or above the sector is refused', () => {
  for (const size of [91, 513]) {
    const bytes = encodeGptHeader(FIELDS);
    new DataView(bytes.buffer).setUint32(12, size, true);
    assert.throws(
      () => decodeGptHeader(bytes),
      (e: unknown) => e instanceof GptError && e.field === 'headerSize' && e.actual === String(size),
    );
  }
});
