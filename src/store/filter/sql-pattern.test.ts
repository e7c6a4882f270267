import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globPattern, likePattern } from './sql-pattern.js';

test('globPattern: wildcards between parts, GLOB specials as one-character classes', () => {
  assert.equal(globPattern(['ub', 'tu']), 'ub*tu');
  assert.equal(globPattern(['', 'x', '']), '*x*');
  assert.equal(globPattern(['a*b?[c]']), 'a[*]b[?][[]c]');
  assert.equal(globPattern(['50%_', '\\']), '50%_*\\');
});

test('likePattern: wildcards become %, and %, _ and \\ are escaped with \\', () => {
  assert.equal(likePattern(['ub', 'tu']), 'ub%tu');
  assert.equal(likePattern(['', 'x', '']), '%x%');
  assert.equal(likePattern(['50%_off']), '50\\%\\_off');
  assert.equal(likePattern(['a\\b', '']), 'a\\\\b%');
  assert.equal(likePattern(['a*b?[c]']), 'a*b?[c]');
});
