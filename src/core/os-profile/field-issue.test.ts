import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOrchError } from '../errors/index.js';
import { fieldIssue, issuesToError, listInputs, quoteInput, truncateInput } from './field-issue.js';
import { PROFILE_RULES as R } from './os-profile-rules.js';

test('issuesToError: one issue gives its message; every issue travels in details', () => {
  const issue = fieldIssue('name', R.nameRequired);
  const error = issuesToError([issue]);
  assert.equal(isOrchError(error, 'InvalidArgument'), true);
  assert.equal(error.status, 400);
  assert.equal(error.message, 'name is required.');
  assert.deepEqual(error.details, {
    issues: [{ field: 'name', rule: 'name.required', message: 'name is required.' }],
  });
});

test('issuesToError: several issues are joined in order', () => {
  const error = issuesToError([fieldIssue('name', R.nameRequired), fieldIssue('imageId', R.imageIdRequired)]);
  assert.equal(error.message, 'name is required. imageId (the OS image version, e.g. 22.04.5) is required.');
  assert.equal((error.details?.['issues'] as unknown[]).length, 2);
});

test('rule ids are unique', () => {
  const ids = Object.values(R).map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(Object.isFrozen(R.nameLength), true);
});

test('client input in messages is cut to 64 characters and quoted', () => {
  assert.equal(quoteInput('a b'), '"a b"');
  assert.equal(quoteInput('x'.repeat(64)), `"${'x'.repeat(64)}"`);
  assert.equal(quoteInput('x'.repeat(5000)), `"${'x'.repeat(61)}..."`);
  assert.equal(truncateInput('😀'.repeat(70)), `${'😀'.repeat(61)}...`);
  assert.equal(listInputs(['a', 'b']), 'a, b');
  assert.equal(
    listInputs(Array.from({ length: 12 }, (_, i) => `f${i}`)),
    'f0, f1, f2, f3, f4, f5, f6, f7, f8, f9 and 2 more',
  );
});

test('a long unknown value makes a bounded message', () => {
  const error = issuesToError([fieldIssue('body', R.unknownField, ['y'.repeat(10000)], ['name'])]);
  assert.equal(error.message, `Unknown field ${'y'.repeat(61)}...; accepted fields are name.`);
});
