import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay } from './backoff-delay.js';

test('backoffDelay doubles per failure within the upper half of each step', () => {
  assert.deepEqual(
    [1, 2, 3, 4].map((n) => backoffDelay(n, 100, 10_000, () => 0)),
    [50, 100, 200, 400],
  );
  assert.deepEqual(
    [1, 2, 3, 4].map((n) => backoffDelay(n, 100, 10_000, () => 0.999_999)),
    [100, 200, 400, 800],
  );
});

test('backoffDelay never exceeds the cap', () => {
  assert.equal(
    backoffDelay(30, 500, 30_000, () => 0.999_999),
    30_000,
  );
  assert.equal(
    backoffDelay(30, 500, 30_000, () => 0),
    15_000,
  );
});
