import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOrchError } from '../../core/errors/index.js';
import { checkResponse, parseContentRange } from './response-check.js';
import { changeBetween, ifRangeValue } from './representation.js';

const url = new URL('https://images.example.com/img.raw?sig=secret');
const known = { etag: '"v1"', lastModified: 'Tue, 01 Jan 2030 00:00:00 GMT', size: 1000 };

test('a 206 from the asked offset continues the download', () => {
  const plan = checkResponse(url, 400, known, {
    status: 206,
    headers: { 'content-range': 'bytes 400-999/1000', etag: '"v1"' },
  });
  assert.deepEqual(plan, {
    start: 400,
    restarted: false,
    representation: { etag: '"v1"', size: 1000 },
    rangeSupported: true,
  });
});

test('a 200 to a Range request for the same image means start again from 0', () => {
  const plan = checkResponse(url, 400, known, {
    status: 200,
    headers: { 'content-length': '1000', etag: '"v1"' },
  });
  assert.equal(plan.restarted, true);
  assert.equal(plan.start, 0);
  assert.equal(plan.rangeSupported, false);
});

test('a changed validator or size is SOURCE_CHANGED, not retryable, with a redacted URL', () => {
  const cases = [
    { status: 200, headers: { 'content-length': '1000', etag: '"v2"' } },
    { status: 206, headers: { 'content-range': 'bytes 400-1099/1100' } },
    { status: 200, headers: { 'content-length': '1000', 'last-modified': 'Wed, 02 Jan 2030 00:00:00 GMT' } },
    { status: 416, headers: {} },
  ];
  for (const head of cases) {
    assert.throws(
      () => checkResponse(url, 400, known, head),
      (error: unknown) =>
        isOrchError(error, 'SOURCE_CHANGED') &&
        !error.retryable &&
        error.message.includes('https://images.example.com/img.raw?sig=REDACTED') &&
        error.message.includes('after 400 bytes'),
    );
  }
});

test('a 206 from the wrong offset is a non-retryable HTTP_STATUS', () => {
  assert.throws(
    () => checkResponse(url, 400, known, { status: 206, headers: { 'content-range': 'bytes 0-999/1000' } }),
    (error: unknown) =>
      isOrchError(error, 'HTTP_STATUS') && !error.retryable && /bytes 0-999\/1000/.test(error.message),
  );
});

test('error statuses map to their codes', () => {
  const codeOf = (status: number): [string, boolean] => {
    try {
      checkResponse(url, 0, undefined, { status, headers: {} });
    } catch (error) {
      if (isOrchError(error)) return [error.code, error.retryable];
    }
    return ['none', false];
  };
  assert.deepEqual(codeOf(404), ['HTTP_NOT_FOUND', false]);
  assert.deepEqual(codeOf(403), ['HTTP_FORBIDDEN', false]);
  assert.deepEqual(codeOf(401), ['HTTP_FORBIDDEN', false]);
  assert.deepEqual(codeOf(500), ['HTTP_STATUS', true]);
  assert.deepEqual(codeOf(503), ['HTTP_STATUS', true]);
  assert.deepEqual(codeOf(429), ['HTTP_STATUS', true]);
  assert.deepEqual(codeOf(400), ['HTTP_STATUS', false]);
});

test('Content-Range parsing, If-Range choice and change detection', () => {
  assert.deepEqual(parseContentRange('bytes 5-9/10'), { first: 5, last: 9, total: 10 });
  assert.deepEqual(parseContentRange('bytes 5-9/*'), { first: 5, last: 9 });
  assert.equal(parseContentRange('bytes */10'), undefined);
  assert.equal(ifRangeValue({ etag: '"a"', lastModified: 'x' }), '"a"');
  assert.equal(ifRangeValue({ etag: 'W/"a"', lastModified: 'x' }), 'x');
  assert.equal(ifRangeValue({}), undefined);
  assert.equal(changeBetween({ etag: '"a"' }, { etag: '"a"', lastModified: 'y' }), undefined);
  assert.match(changeBetween({ size: 1 }, { size: 2 }) ?? '', /size changed from 1 to 2/);
});
