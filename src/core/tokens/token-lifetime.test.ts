import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOrchError } from '../errors/index.js';
import { expiryOf } from './token-lifetime.js';

const NOW = new Date('2026-11-25T12:00:00.000Z');

test('expiryOf: s, m, h and d lifetimes from now', () => {
  assert.equal(expiryOf('30s', NOW), '2026-11-25T12:00:30.000Z');
  assert.equal(expiryOf('90m', NOW), '2026-11-25T13:30:00.000Z');
  assert.equal(expiryOf('12h', NOW), '2026-11-26T00:00:00.000Z');
  assert.equal(expiryOf('30d', NOW), '2026-12-25T12:00:00.000Z');
});

test('expiryOf: anything else is InvalidArgument', () => {
  for (const bad of ['', '0d', '5y', '1.5h', 'd', '-1d', '1234567d', ' 1d']) {
    assert.throws(
      () => expiryOf(bad, NOW),
      (e) =>
        isOrchError(e, 'InvalidArgument') &&
        e.message === `expiresIn '${bad}' must look like 90m, 12h or 30d`,
      bad,
    );
  }
});
