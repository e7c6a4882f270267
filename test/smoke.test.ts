import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_CODES, OrchError, isOrchError } from '../src/core/errors/index.js';

test('error registry: every code answers with its own status and retryable flag', () => {
  for (const [code, info] of Object.entries(ERROR_CODES)) {
    const error = new OrchError(code as keyof typeof ERROR_CODES, 'm');
    assert.equal(error.status, info.status);
    assert.equal(error.retryable, info.retryable);
    assert.ok(isOrchError(error, error.code));
  }
});
