import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeGuid, encodeGuid, normalizeGuid, randomGuid } from './gpt-guid.js';
import { GptError } from './gpt-error.js';

const ESP = 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B';
// The ESP type GUID as it appears on disk (UEFI 2.10, appendix A byte order).
const ESP_BYTES = [
  0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11, 0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e, 0xc9, 0x3b,
];

test('GUIDs are stored mixed-endian', () => {
  const bytes = new Uint8Array(20);
  encodeGuid(ESP.toLowerCase(), bytes, 2);
  assert.deepEqual([...bytes.subarray(2, 18)], ESP_BYTES);
  assert.equal(decodeGuid(bytes, 2), ESP);
});

test('random GUIDs are upper-case version 4 and round-trip', () => {
  const guid = randomGuid();
  assert.match(guid, /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
  const bytes = new Uint8Array(16);
  encodeGuid(guid, bytes, 0);
  assert.equal(decodeGuid(bytes, 0), guid);
});

test('a malformed GUID is a GptError naming the field', () => {
  assert.throws(
    () => normalizeGuid('not-a-guid', 'typeGuid'),
    (e: unknown) =>
      e instanceof GptError &&
      e.code === 'GPT_INVALID' &&
      e.field === 'typeGuid' &&
      e.actual === 'not-a-guid',
  );
});
