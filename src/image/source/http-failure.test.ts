import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  abortedFailure,
  connectFailure,
  describeNetworkError,
  idleFailure,
  statusFailure,
  truncatedFailure,
} from './http-failure.js';

const url = new URL('https://images.example.com/img.raw?X-Amz-Signature=abc');
const shown = 'https://images.example.com/img.raw?X-Amz-Signature=REDACTED';

test('statuses: codes, retryable and plain words', () => {
  const notFound = statusFailure(url, 404, 'Not Found');
  assert.deepEqual([notFound.code, notFound.retryable], ['HTTP_NOT_FOUND', false]);
  assert.equal(notFound.message, `${shown} does not exist on the server (HTTP 404 Not Found)`);
  assert.equal(statusFailure(url, 410, undefined).code, 'HTTP_NOT_FOUND');
  assert.equal(statusFailure(url, 401, undefined).code, 'HTTP_FORBIDDEN');
  const busy = statusFailure(url, 502, 'Bad Gateway');
  assert.deepEqual(
    [busy.code, busy.retryable, busy.message],
    ['HTTP_STATUS', true, `the server answered HTTP 502 Bad Gateway for ${shown}`],
  );
  assert.equal(statusFailure(url, 418, undefined).retryable, false);
});

test('network, idle, truncation and abort failures', () => {
  const refused = connectFailure(
    url,
    Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  );
  assert.deepEqual([refused.code, refused.retryable], ['CONNECT_FAILED', true]);
  assert.equal(refused.message, `cannot reach ${shown}: the connection was refused (ECONNREFUSED)`);
  assert.equal(describeNetworkError(Object.assign(new Error('weird'), { code: 'EWEIRD' })), 'weird (EWEIRD)');
  assert.equal(describeNetworkError('plain'), 'plain');
  const idle = idleFailure(url, 250, 'connecting');
  assert.deepEqual(
    [idle.code, idle.retryable, idle.message],
    ['TIMEOUT', true, `${shown} sent nothing for 250 ms (connecting)`],
  );
  const cut = truncatedFailure(url, 10, 20, 'the connection was reset (ECONNRESET)');
  assert.deepEqual([cut.code, cut.retryable], ['TRUNCATED', true]);
  assert.equal(
    cut.message,
    `the download of ${shown} stopped after 10 of 20 bytes: the connection was reset (ECONNRESET)`,
  );
  const aborted = abortedFailure(url, new Error('stop'));
  assert.deepEqual(
    [aborted.code, aborted.retryable, aborted.message],
    ['ABORTED', false, `the download of ${shown} was cancelled: stop`],
  );
});
