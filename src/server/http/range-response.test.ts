import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerRange, ifRangeMatches, parseRange } from './range-response.js';

describe('range header rules', () => {
  test('parses single ranges and rejects what cannot be served', () => {
    assert.deepEqual(parseRange('bytes=0-9', 100), { kind: 'range', range: { start: 0, end: 9 } });
    assert.deepEqual(parseRange('bytes=90-', 100), { kind: 'range', range: { start: 90, end: 99 } });
    assert.deepEqual(parseRange('bytes=-10', 100), { kind: 'range', range: { start: 90, end: 99 } });
    assert.deepEqual(parseRange('bytes=50-500', 100), { kind: 'range', range: { start: 50, end: 99 } });
    assert.deepEqual(parseRange('bytes=100-', 100), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRange('bytes=0-1,5-6', 100), { kind: 'none' });
    assert.deepEqual(parseRange(undefined, 100), { kind: 'none' });
  });

  test('If-Range compares ETags strongly and dates exactly', () => {
    assert.equal(ifRangeMatches('"a"', '"a"', undefined), true);
    assert.equal(ifRangeMatches('W/"a"', 'W/"a"', undefined), false);
    assert.equal(ifRangeMatches('"a"', '"b"', 'x'), false);
    assert.equal(
      ifRangeMatches('Tue, 01 Jan 2030 00:00:00 GMT', undefined, 'Tue, 01 Jan 2030 00:00:00 GMT'),
      true,
    );
    assert.equal(
      ifRangeMatches('Tue, 01 Jan 2030 00:00:00 GMT', '"a"', 'Wed, 02 Jan 2030 00:00:00 GMT'),
      false,
    );
    assert.equal(ifRangeMatches(undefined, '"a"', undefined), true);
  });
});

describe('answerRange', () => {
  const file = { size: 100, etag: '"v1"', lastModified: 'Tue, 01 Jan 2030 00:00:00 GMT' };
  const validators = { etag: '"v1"', 'last-modified': 'Tue, 01 Jan 2030 00:00:00 GMT' };

  test('no Range: 200 with the whole file, validators and Accept-Ranges', () => {
    assert.deepEqual(answerRange({}, file), {
      status: 200,
      headers: { ...validators, 'accept-ranges': 'bytes', 'content-length': 100 },
      body: { start: 0, end: 99 },
    });
  });

  test('a satisfiable range: 206 with Content-Range and its length', () => {
    assert.deepEqual(answerRange({ range: 'bytes=10-19' }, file), {
      status: 206,
      headers: {
        ...validators,
        'accept-ranges': 'bytes',
        'content-length': 10,
        'content-range': 'bytes 10-19/100',
      },
      body: { start: 10, end: 19 },
    });
  });

  test('If-Range with the current ETag or date resumes; a stale one gets the whole new file', () => {
    assert.equal(answerRange({ range: 'bytes=50-', ifRange: '"v1"' }, file).status, 206);
    assert.equal(answerRange({ range: 'bytes=50-', ifRange: file.lastModified }, file).status, 206);
    const stale = answerRange({ range: 'bytes=50-', ifRange: '"v0"' }, file);
    assert.equal(stale.status, 200);
    assert.deepEqual(stale.body, { start: 0, end: 99 });
    assert.equal(stale.headers['content-range'], undefined);
  });

  test('a range past the end: 416 with the unsatisfied Content-Range and no body', () => {
    assert.deepEqual(answerRange({ range: 'bytes=100-' }, file), {
      status: 416,
      headers: { ...validators, 'accept-ranges': 'bytes', 'content-range': 'bytes */100' },
    });
  });

  test('without range support every request is answered whole, saying so', () => {
    const answer = answerRange({ range: 'bytes=10-19' }, { ...file, acceptRanges: false });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['accept-ranges'], 'none');
    assert.deepEqual(answer.body, { start: 0, end: 99 });
  });

  test('an empty file: 200 with length 0 and nothing to send; no validators when none are known', () => {
    assert.deepEqual(answerRange({}, { size: 0 }), {
      status: 200,
      headers: { 'accept-ranges': 'bytes', 'content-length': 0 },
    });
  });
});
