import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isOrchError } from '../errors/index.js';
import { parseOrderBy } from './order-by-parser.js';
import { FILTER_LIMITS } from './filter-limits.js';

function refusal(text: string): { message: string; details: unknown } {
  try {
    parseOrderBy(text);
  } catch (error) {
    assert.ok(isOrchError(error, 'InvalidArgument'), `expected InvalidArgument, got ${String(error)}`);
    return { message: error.message, details: error.details };
  }
  assert.fail(`expected ${JSON.stringify(text)} to be refused`);
}

describe('parseOrderBy', () => {
  test('fields with optional direction, ascending by default', () => {
    assert.deepEqual(parseOrderBy('name, timestamps.createdAt desc ,osType ASC'), [
      { field: 'name', direction: 'asc', position: 0 },
      { field: 'timestamps.createdAt', direction: 'desc', position: 6 },
      { field: 'osType', direction: 'asc', position: 33 },
    ]);
  });
  test('direction words in any case', () => {
    assert.deepEqual(
      parseOrderBy('a DeSc,b aSC').map((t) => t.direction),
      ['desc', 'asc'],
    );
  });
  test('blank is no ordering', () => {
    assert.deepEqual(parseOrderBy(''), []);
    assert.deepEqual(parseOrderBy('   '), []);
  });
  const cases: [text: string, position: number, fragment: string][] = [
    ['name,', 5, 'expected a field name (empty orderBy term)'],
    [', name', 0, 'empty orderBy term'],
    ['name desc extra', 10, 'expected "," or the end after the direction, found "extra"'],
    ['name descending', 5, 'expected asc or desc after "name", found "descending"'],
    ['name, 9lives', 6, 'invalid field name "9lives"'],
    ['name, osType desc, name', 19, '"name" is already ordered on at position 0'],
    ['name;drop', 0, 'invalid field name "name;drop"'],
  ];
  for (const [text, position, fragment] of cases) {
    test(`refuses ${JSON.stringify(text)} at ${position}`, () => {
      const { message, details } = refusal(text);
      assert.ok(message.startsWith(`invalid orderBy at position ${position}: `), message);
      assert.ok(message.includes(fragment), message);
      assert.deepEqual(details, { position, orderBy: text });
    });
  }
  test('limits: length and number of terms', () => {
    assert.match(refusal('a'.repeat(FILTER_LIMITS.maxLength + 1)).message, /at most 2000 are allowed/);
    const fields = Array.from({ length: FILTER_LIMITS.maxOrderTerms }, (_, i) => `f${i}`);
    assert.equal(parseOrderBy(fields.join(',')).length, FILTER_LIMITS.maxOrderTerms);
    const { message } = refusal([...fields, 'extra'].join(','));
    assert.match(message, /too many orderBy terms: at most 8/);
  });
});
