import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOrchError, type ErrorCode } from '../../core/errors/index.js';
import { checkRangeResponse } from './range-response-check.js';

const url = new URL('https://images.example.com/disk.qcow2?token=t');
const known = { etag: '"e1"', size: 1000 };

function codeOf(status: number, headers: Record<string, string>): [ErrorCode | 'none', boolean] {
  try {
    checkRangeResponse(url, 100, 50, known, { status, headers });
  } catch (error) {
    if (isOrchError(error)) return [error.code, error.retryable];
  }
  return ['none', false];
}

test('a 206 with exactly the asked bytes is accepted and describes the image', () => {
  const now = checkRangeResponse(url, 100, 50, known, {
    status: 206,
    headers: { 'content-range': 'bytes 100-149/1000', etag: '"e1"' },
  });
  assert.deepEqual(now, { etag: '"e1"', size: 1000 });
});

test('each other answer has its code', () => {
  assert.deepEqual(codeOf(200, { etag: '"e1"', 'content-length': '1000' }), ['RANGE_UNSUPPORTED', false]);
  assert.deepEqual(codeOf(200, { etag: '"e2"', 'content-length': '1000' }), ['SOURCE_CHANGED', false]);
  assert.deepEqual(codeOf(206, { 'content-range': 'bytes 100-149/2000' }), ['SOURCE_CHANGED', false]);
  assert.deepEqual(codeOf(206, { 'content-range': 'bytes 0-149/1000' }), ['HTTP_STATUS', false]);
  assert.deepEqual(codeOf(206, {}), ['HTTP_STATUS', false]);
  assert.deepEqual(codeOf(206, { 'content-range': 'bytes 100-120/1000' }), ['TRUNCATED', false]);
  assert.deepEqual(codeOf(416, { 'content-range': 'bytes */1000' }), ['TRUNCATED', false]);
  assert.deepEqual(codeOf(404, {}), ['HTTP_NOT_FOUND', false]);
  assert.deepEqual(codeOf(500, {}), ['HTTP_STATUS', true]);
});

test('messages name the redacted URL and the bytes', () => {
  assert.throws(
    () =>
      checkRangeResponse(url, 100, 50, undefined, {
        status: 206,
        headers: { 'content-range': 'bytes 100-120/121' },
      }),
    {
      message:
        'https://images.example.com/disk.qcow2?token=REDACTED ends at byte 120, before the asked bytes 100-149',
    },
  );
});
