import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ERROR_CODES } from '../../src/core/errors/index.js';

const docs = await readFile(new URL('../../docs/errors.md', import.meta.url), 'utf8');

/** The rows of docs/errors.md's table: code -> [status, retryable]. */
function documentedCodes(): Map<string, [number, boolean]> {
  const rows = new Map<string, [number, boolean]>();
  for (const match of docs.matchAll(/^\| `([A-Za-z0-9_]+)` +\| (\d{3}) +\| (yes|no) +\|/gm)) {
    rows.set(match[1]!, [Number(match[2]), match[3] === 'yes']);
  }
  return rows;
}

test('docs/errors.md lists every registry code with its HTTP status and retryable flag', () => {
  const rows = documentedCodes();
  for (const [code, info] of Object.entries(ERROR_CODES)) {
    assert.deepEqual(rows.get(code), [info.status, info.retryable], `docs/errors.md row of ${code}`);
  }
});

test('docs/errors.md documents no code that the registry lacks', () => {
  const unknown = [...documentedCodes().keys()].filter((code) => !Object.hasOwn(ERROR_CODES, code));
  assert.deepEqual(unknown, []);
});
