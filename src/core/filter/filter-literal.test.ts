import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeTimestampLiteral, parseBooleanLiteral, parseNumberLiteral } from './filter-literal.js';

describe('normalizeTimestampLiteral', () => {
  const accepted: [string, string][] = [
    ['2026-11-25T19:00:00.000Z', '2026-11-25T19:00:00.000Z'],
    ['2026-11-25T19:00:00Z', '2026-11-25T19:00:00.000Z'],
    ['2026-11-25t19:00z', '2026-11-25T19:00:00.000Z'],
    ['2026-11-25 19:00:00Z', '2026-11-25T19:00:00.000Z'],
    ['2026-11-25T19:00:00.5Z', '2026-11-25T19:00:00.500Z'],
    ['2026-11-25T19:00:00.123456789Z', '2026-11-25T19:00:00.123Z'],
    ['2026-11-25T20:30:00+01:30', '2026-11-25T19:00:00.000Z'],
    ['2026-11-25T23:00:00-05:00', '2026-11-26T04:00:00.000Z'],
    ['2026-11-25', '2026-11-25T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['0001-01-01', '0001-01-01T00:00:00.000Z'],
  ];
  for (const [text, expected] of accepted) {
    test(`${text} -> ${expected}`, () => assert.equal(normalizeTimestampLiteral(text), expected));
  }
  const refused = [
    '',
    'yesterday',
    '2026-11-25T19:00:00',
    '2026-11-25T19:00',
    '2026-13-01',
    '2026-02-29',
    '2026-11-31',
    '2026-11-25T24:00:00Z',
    '2026-11-25T19:60:00Z',
    '2026-11-25T19:00:60Z',
    '2026-11-25T19:00:00+25:00',
    '26-11-25',
    '+2026-11-25',
    '0000-01-01T00:00:00+01:00',
    '1764097200',
  ];
  for (const text of refused) {
    test(`refuses ${JSON.stringify(text)}`, () => assert.equal(normalizeTimestampLiteral(text), undefined));
  }
});

describe('parseNumberLiteral', () => {
  test('decimal forms', () => {
    assert.deepEqual(
      ['0', '-3', '+4', '1.5', '.5', '5.', '1e3', '-2E-2'].map(parseNumberLiteral),
      [0, -3, 4, 1.5, 0.5, 5, 1000, -0.02],
    );
  });
  test('refuses non-numbers and infinities', () => {
    for (const text of ['', 'x', '0x10', '1_000', 'NaN', 'Infinity', '1e999', '1.2.3', ' 1']) {
      assert.equal(parseNumberLiteral(text), undefined, text);
    }
  });
});

describe('parseBooleanLiteral', () => {
  test('true and false in any case, nothing else', () => {
    assert.deepEqual(['true', 'TRUE', 'False', 'false'].map(parseBooleanLiteral), [true, true, false, false]);
    for (const text of ['1', '0', 'yes', 't', '']) assert.equal(parseBooleanLiteral(text), undefined, text);
  });
});
