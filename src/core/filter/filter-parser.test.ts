import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isOrchError } from '../errors/index.js';
import type { FilterNode } from './filter-ast.js';
import { parseFilter } from './filter-parser.js';
import { FILTER_LIMITS } from './filter-limits.js';

/** A compact rendering of the tree: precedence and grouping are visible at a glance. */
function show(node: FilterNode | undefined): string {
  if (node === undefined) return '<none>';
  switch (node.kind) {
    case 'and':
      return `(${node.operands.map(show).join(' & ')})`;
    case 'or':
      return `(${node.operands.map(show).join(' | ')})`;
    case 'not':
      return `!${show(node.operand)}`;
    case 'has':
      return `${node.field}:${JSON.stringify(node.value.text)}`;
    case 'compare':
      return `${node.field}${node.op}${JSON.stringify(node.value.text)}`;
    case 'present':
      return `has(${node.field})`;
  }
}

function parseError(text: string): { message: string; position: unknown } {
  try {
    parseFilter(text);
  } catch (error) {
    assert.ok(isOrchError(error, 'InvalidArgument'), `expected InvalidArgument, got ${String(error)}`);
    return { message: error.message, position: error.details?.['position'] };
  }
  assert.fail(`expected ${JSON.stringify(text)} to be refused`);
}

describe('parseFilter: operators', () => {
  for (const op of ['=', '!=', '<', '<=', '>', '>='] as const) {
    test(`comparator ${op}`, () => {
      const node = parseFilter(`size ${op} 10`);
      assert.deepEqual(node, {
        kind: 'compare',
        position: 0,
        field: 'size',
        op,
        value: { text: '10', quoted: false, position: 6 + op.length },
      });
    });
  }
  test('comparators need no spaces', () => {
    assert.equal(
      show(parseFilter('a<=1 b>=2 c!=3 d<4 e>5 f=6 g:7')),
      '(a<="1" & b>="2" & c!="3" & d<"4" & e>"5" & f="6" & g:"7")',
    );
  });
  test('":" is has', () => {
    assert.deepEqual(parseFilter('name:ubuntu'), {
      kind: 'has',
      position: 0,
      field: 'name',
      value: { text: 'ubuntu', quoted: false, position: 5 },
    });
  });
  test("has(field) is EMF's presence function; has as a field name still compares", () => {
    assert.deepEqual(parseFilter('has( metadata.standalone-node )'), {
      kind: 'present',
      position: 0,
      field: 'metadata.standalone-node',
    });
    assert.equal(
      show(parseFilter('NOT has(tls_ca_cert) AND has(site) OR has = 1')),
      '(!has(tls_ca_cert) & (has(site) | has="1"))',
    );
  });
  test('NOT and - negate', () => {
    assert.equal(show(parseFilter('NOT a = 1')), '!a="1"');
    assert.equal(show(parseFilter('-a = 1')), '!a="1"');
    assert.equal(show(parseFilter('NOT(a = 1)')), '!a="1"');
    assert.deepEqual(parseFilter('  -a=1')?.position, 2);
  });
  test('blank filters parse to undefined', () => {
    assert.equal(parseFilter(''), undefined);
    assert.equal(parseFilter('  \t\n '), undefined);
  });
});

describe('parseFilter: precedence and grouping', () => {
  test('OR binds tighter than AND (AIP-160)', () => {
    assert.equal(show(parseFilter('a=1 AND b=2 OR c=3')), '(a="1" & (b="2" | c="3"))');
    assert.equal(show(parseFilter('a=1 OR b=2 AND c=3')), '((a="1" | b="2") & c="3")');
  });
  test('juxtaposition is an implicit AND, and OR binds tighter than it too', () => {
    assert.equal(show(parseFilter('a=1 b=2 OR c=3')), '(a="1" & (b="2" | c="3"))');
    assert.equal(show(parseFilter('a=1 b=2 AND c=3')), '(a="1" & b="2" & c="3")');
  });
  test('parentheses override precedence', () => {
    assert.equal(show(parseFilter('(a=1 AND b=2) OR c=3')), '((a="1" & b="2") | c="3")');
    assert.equal(show(parseFilter('NOT (a=1 OR b=2) c=3')), '(!(a="1" | b="2") & c="3")');
    assert.equal(show(parseFilter('((((a=1))))')), 'a="1"');
  });
  test('NOT applies to one term only', () => {
    assert.equal(show(parseFilter('NOT a=1 OR b=2')), '(!a="1" | b="2")');
    assert.equal(show(parseFilter('-a=1 b=2')), '(!a="1" & b="2")');
  });
  test('node positions point at the start of each part', () => {
    const node = parseFilter('x=1 AND (y=2 OR NOT z=3)');
    assert.ok(node?.kind === 'and');
    const [left, right] = node.operands;
    assert.equal(left?.position, 0);
    assert.ok(right?.kind === 'or');
    assert.equal(right.position, 9);
    assert.equal(right.operands[1]?.position, 16);
  });
});

describe('parseFilter: values', () => {
  const value = (text: string): unknown => {
    const node = parseFilter(text);
    assert.ok(node?.kind === 'compare' || node?.kind === 'has');
    return node.value;
  };
  test('double- and single-quoted strings with escapes', () => {
    assert.deepEqual(value('a = "x \\"y\\" \\\\ \\n\\t\\r"'), {
      text: 'x "y" \\ \n\t\r',
      quoted: true,
      position: 4,
    });
    assert.deepEqual(value("a = 'it\\'s \"fine\"'"), { text: 'it\'s "fine"', quoted: true, position: 4 });
    assert.deepEqual(value('a = ""'), { text: '', quoted: true, position: 4 });
    assert.deepEqual(value('a = "AND OR ( ) = :"'), { text: 'AND OR ( ) = :', quoted: true, position: 4 });
  });
  test('bare values keep numbers, booleans and timestamps as text', () => {
    assert.deepEqual(value('a = -12.5'), { text: '-12.5', quoted: false, position: 4 });
    assert.deepEqual(value('a = true'), { text: 'true', quoted: false, position: 4 });
    assert.deepEqual(value('a>2026-11-25T19:00:00.000Z'), {
      text: '2026-11-25T19:00:00.000Z',
      quoted: false,
      position: 2,
    });
    assert.deepEqual(value('a = "123"'), { text: '123', quoted: true, position: 4 });
  });
  test('* is a wildcard; \\* in a quoted value is a literal star', () => {
    assert.deepEqual(value('a = ub*tu'), {
      text: 'ub*tu',
      quoted: false,
      position: 4,
      wildcardParts: ['ub', 'tu'],
    });
    assert.deepEqual(value('a = "*x*"'), {
      text: '*x*',
      quoted: true,
      position: 4,
      wildcardParts: ['', 'x', ''],
    });
    assert.deepEqual(value('a = "a\\*b"'), { text: 'a*b', quoted: true, position: 4 });
    assert.deepEqual(value('a = "a\\**"'), {
      text: 'a**',
      quoted: true,
      position: 4,
      wildcardParts: ['a*', ''],
    });
  });
  test('dotted field paths, map keys with dashes', () => {
    for (const field of [
      'timestamps.createdAt',
      'metadata.release',
      'validation.state',
      'metadata.standalone-node',
    ]) {
      const node = parseFilter(`${field} = "v"`);
      assert.ok(node?.kind === 'compare');
      assert.equal(node.field, field);
    }
  });
  test('keywords inside values are values', () => {
    assert.equal(show(parseFilter('a = AND')), 'a="AND"');
    assert.equal(show(parseFilter('a = NOT OR b = OR')), '(a="NOT" | b="OR")');
  });
});

describe('parseFilter: errors name the position', () => {
  const cases: [filter: string, position: number, fragment: string][] = [
    ['name = ', 7, 'expected a value after "=", found the end of the filter'],
    ['name = "ubuntu" AND osType =', 28, 'expected a value after "="'],
    ['(a = 1', 6, 'expected ")" to close the "(" at position 0'],
    ['a = 1)', 5, 'unbalanced ")"'],
    ['a = "x', 4, 'unterminated string: no closing "'],
    ["a = 'x\\'", 4, "unterminated string: no closing '"],
    ['a = "x\\q"', 6, 'unknown escape "\\q"'],
    ['a = 1 AND', 9, 'expected a field name, "(", NOT or "-" after AND, found the end of the filter'],
    ['a = 1 OR', 8, 'after OR, found the end of the filter'],
    ['AND a = 1', 0, 'expected a field name, "(", NOT or "-", found "AND"'],
    ['name', 4, 'expected a comparator (=, !=, <, <=, >, >=, :) after "name"'],
    ['a=1 and b=2', 8, 'the keywords AND, OR and NOT are upper-case'],
    ['a = 1 # b', 6, 'unexpected character "#"'],
    ['has()', 4, 'expected a field name in has(), found ")"'],
    ['has(a b)', 6, 'expected ")" to close has(a, found "b"'],
    ['has(a', 5, 'expected ")" to close has(a, found the end of the filter'],
    ['a = "x"b=1', 7, 'after the closing quote, found "b"'],
    ['()', 1, 'found ")"'],
    ['a == 1', 3, 'expected a value after "=", found "="'],
    ['NOT-a = 1', 0, 'invalid field name "NOT-a"'],
    ['a =< 1', 3, 'expected a value after "=", found "<"'],
    ['1a = 1', 0, 'invalid field name "1a"'],
    ['a.-b = 1', 0, 'invalid field name "a.-b"'],
    ['NOT NOT a = 1', 4, 'after NOT, found "NOT"'],
    ['a = (1 OR 2)', 4, 'expected a value after "=", found "("'],
    ['a ! 1', 2, 'unexpected character "!"'],
    ['a = "x\u0000y"', 6, 'the filter may not contain NUL characters'],
  ];
  for (const [filter, position, fragment] of cases) {
    test(JSON.stringify(filter), () => {
      const error = parseError(filter);
      assert.equal(error.position, position);
      assert.ok(error.message.startsWith(`invalid filter at position ${position}: `), error.message);
      assert.ok(error.message.includes(fragment), error.message);
    });
  }
  test('the message carries a caret under the position', () => {
    const { message } = parseError('name = "ubuntu" AND osType =');
    const [, excerpt, caret] = message.split('\n');
    assert.equal(excerpt, '  name = "ubuntu" AND osType =');
    assert.equal(caret?.indexOf('^'), excerpt?.length);
  });
  test('a long filter is cut around the position', () => {
    const text = `${'a=1 '.repeat(20)}b == 2 ${'c=3 '.repeat(20)}`;
    const { message } = parseError(text);
    const [, excerpt, caret] = message.split('\n');
    assert.equal(excerpt, `  ...${text.slice(53, 113)}...`);
    assert.equal(caret, `  ${' '.repeat(33)}^`);
  });
  test('details name the filter', () => {
    try {
      parseFilter('a =');
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(isOrchError(error, 'InvalidArgument'));
      assert.deepEqual(error.details, { position: 3, filter: 'a =' });
      assert.equal(error.status, 400);
    }
  });
});

describe('parseFilter: limits', () => {
  test(`more than ${FILTER_LIMITS.maxLength} characters is refused before parsing`, () => {
    const text = `name = "${'x'.repeat(FILTER_LIMITS.maxLength)}"`;
    const error = parseError(text);
    assert.equal(error.position, FILTER_LIMITS.maxLength);
    assert.match(error.message, /at most 2000 are allowed/);
  });
  test('exactly the maximum length parses', () => {
    const text = `n = "${'x'.repeat(FILTER_LIMITS.maxLength - 6)}"`;
    assert.equal(text.length, FILTER_LIMITS.maxLength);
    assert.equal(parseFilter(text)?.kind, 'compare');
  });
  test('nesting deeper than the limit is refused at the first excess "("', () => {
    const depth = FILTER_LIMITS.maxDepth;
    assert.equal(show(parseFilter(`${'('.repeat(depth)}a=1${')'.repeat(depth)}`)), 'a="1"');
    const error = parseError(`${'('.repeat(depth + 1)}a=1${')'.repeat(depth + 1)}`);
    assert.equal(error.position, depth);
    assert.match(error.message, /nesting too deep/);
  });
  test('NOT counts toward the depth', () => {
    const error = parseError(
      `${'NOT ('.repeat(FILTER_LIMITS.maxDepth)}a=1${')'.repeat(FILTER_LIMITS.maxDepth)}`,
    );
    assert.match(error.message, /nesting too deep/);
  });
  test('more restrictions than the limit are refused at the first excess one', () => {
    const terms = Array.from({ length: FILTER_LIMITS.maxTerms }, (_, i) => `f${i}=1`);
    const node = parseFilter(terms.join(' OR '));
    assert.ok(node?.kind === 'or');
    assert.equal(node.operands.length, FILTER_LIMITS.maxTerms);
    const text = [...terms, 'extra=1'].join(' ');
    const error = parseError(text);
    assert.equal(error.position, text.indexOf('extra'));
    assert.match(error.message, /too many restrictions: at most 64/);
  });
});
