import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OrchError, isOrchError } from '../errors/index.js';
import type { FilterNode } from './filter-ast.js';
import type { FilterFieldCatalog } from './filter-field-catalog.js';
import { checkFilter } from './filter-checker.js';
import { checkOrderBy } from './order-by-checker.js';
import { parseFilter } from './filter-parser.js';
import { parseOrderBy } from './order-by-parser.js';

const OS_TYPES = ['OS_TYPE_MUTABLE', 'OS_TYPE_IMMUTABLE'];
/** A stand-in for the OS profile rules' alias hook: `mutable` -> `OS_TYPE_MUTABLE`. */
const normalizeOsType = (text: string): string => {
  if (text === 'BROKEN') throw new OrchError('InvalidArgument', 'osType "BROKEN" is not an OS type');
  const upper = text.toUpperCase();
  return upper.startsWith('OS_TYPE_') ? upper : `OS_TYPE_${upper}`;
};

const CATALOG: FilterFieldCatalog = {
  name: { type: 'string' },
  description: { type: 'string', orderable: false },
  osType: { type: 'enum', normalize: normalizeOsType, values: OS_TYPES },
  size: { type: 'number' },
  enabled: { type: 'boolean' },
  'timestamps.createdAt': { type: 'timestamp' },
  metadata: { type: 'map' },
};

function check(text: string): FilterNode {
  const ast = parseFilter(text);
  assert.ok(ast);
  return checkFilter(ast, CATALOG, text);
}

function literal(text: string): string {
  const node = check(text);
  assert.ok(node.kind === 'compare' || node.kind === 'has');
  return node.value.text;
}

function refusal(text: string): OrchError {
  try {
    check(text);
  } catch (error) {
    assert.ok(isOrchError(error, 'InvalidArgument'), `expected InvalidArgument, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${JSON.stringify(text)} to be refused`);
}

describe('checkFilter', () => {
  test('accepts every type with its comparators and keeps the tree', () => {
    const text =
      'name = "a*" AND (size >= 3 OR NOT enabled = true) metadata.release:"24" metadata:kernelVersion';
    const parsed = parseFilter(text);
    assert.ok(parsed);
    assert.deepEqual(checkFilter(parsed, CATALOG), parsed);
  });
  test('normalises enum literals through the hook', () => {
    assert.equal(literal('osType = MUTABLE'), 'OS_TYPE_MUTABLE');
    assert.equal(literal('osType != immutable'), 'OS_TYPE_IMMUTABLE');
    assert.equal(literal('osType = OS_TYPE_MUTABLE'), 'OS_TYPE_MUTABLE');
  });
  test('normalises numbers, booleans and timestamps', () => {
    assert.equal(literal('size = 1e1'), '10');
    assert.equal(literal('size < -0.50'), '-0.5');
    assert.equal(literal('enabled = TRUE'), 'true');
    assert.equal(literal('timestamps.createdAt > 2026-11-25T20:00:00+01:00'), '2026-11-25T19:00:00.000Z');
    assert.equal(literal('timestamps.createdAt > "2026-11-25"'), '2026-11-25T00:00:00.000Z');
  });
  test('normalises inside NOT, AND and OR', () => {
    const node = check('NOT (osType = mutable OR size = 01)');
    assert.ok(node.kind === 'not' && node.operand.kind === 'or');
    const [first, second] = node.operand.operands;
    assert.ok(first?.kind === 'compare' && second?.kind === 'compare');
    assert.deepEqual([first.value.text, second.value.text], ['OS_TYPE_MUTABLE', '1']);
  });

  const cases: [filter: string, position: number, fragment: string][] = [
    [
      'name = "x" AND nmae = "y"',
      15,
      'unknown field "nmae"; known fields: description, enabled, metadata.<key>, name, osType, size, timestamps.createdAt',
    ],
    ['timestamps.updatedAt > 2026-01-01', 0, 'unknown field "timestamps.updatedAt"'],
    ['name.first = x', 0, 'unknown field "name.first"'],
    ['osType < MUTABLE', 0, '"osType" is an enum field: use = != (not <)'],
    ['osType:MUTABLE', 0, '(not :)'],
    ['osType = MUT*', 9, 'wildcards only apply to text fields'],
    [
      'osType = SIDEWAYS',
      9,
      '"SIDEWAYS" is not a value of "osType"; values: OS_TYPE_MUTABLE, OS_TYPE_IMMUTABLE',
    ],
    ['osType = BROKEN', 9, 'osType "BROKEN" is not an OS type'],
    ['size = big', 7, '"size" takes a number, not "big"'],
    ['size:3', 0, '"size" is a number field: use = != < <= > >= (not :)'],
    ['enabled = yes', 10, '"enabled" takes true or false, not "yes"'],
    ['enabled > false', 0, '"enabled" is a boolean field: use = != (not >)'],
    [
      'timestamps.createdAt > yesterday',
      23,
      'takes an ISO-8601 timestamp such as 2026-11-25T19:00:00Z, not "yesterday"',
    ],
    ['timestamps.createdAt > 2026-02-30', 23, 'not "2026-02-30"'],
    ['timestamps.createdAt > "2026-11-25T19:00"', 23, 'not "2026-11-25T19:00"'],
    [
      'metadata = x',
      0,
      '"metadata" is a map: compare one key (metadata.<key> = "value") or test for a key (metadata:<key>)',
    ],
    ['metadata:rel*', 9, 'a map key cannot hold wildcards'],
    ['metadata:"a\\"b"', 9, 'a map key must not be empty nor hold ", \\ or control characters'],
    ['metadata:""', 9, 'a map key must not be empty'],
    ['name < "a*"', 7, 'wildcards only go with =, != and : (not <)'],
    ['metadata.release >= 2*', 20, 'wildcards only go with =, != and : (not >=)'],
  ];
  for (const [filter, position, fragment] of cases) {
    test(`refuses ${JSON.stringify(filter)}`, () => {
      const error = refusal(filter);
      assert.ok(error.message.startsWith(`invalid filter at position ${position}: `), error.message);
      assert.ok(error.message.includes(fragment), error.message);
      assert.equal(error.details?.['position'], position);
      assert.equal(error.details?.['filter'], filter);
      assert.equal(typeof error.details?.['field'], 'string');
    });
  }
  test('the hook error is kept as the cause', () => {
    assert.ok(isOrchError(refusal('osType = BROKEN').cause));
  });
  test('without the text, the message is the first line alone', () => {
    const ast = parseFilter('nope = 1');
    assert.ok(ast);
    assert.throws(
      () => checkFilter(ast, CATALOG),
      (error) =>
        isOrchError(error, 'InvalidArgument') &&
        !error.message.includes('\n') &&
        error.details?.['position'] === 0,
    );
  });
});

describe('checkOrderBy', () => {
  test('accepts orderable fields', () => {
    const terms = parseOrderBy('name desc, timestamps.createdAt, osType');
    assert.deepEqual(checkOrderBy(terms, CATALOG), terms);
  });
  const cases: [orderBy: string, position: number, fragment: string][] = [
    [
      'name, nmae',
      6,
      'unknown field "nmae"; orderable fields: enabled, name, osType, size, timestamps.createdAt',
    ],
    ['description desc', 0, 'cannot order by "description"'],
    ['metadata', 0, 'cannot order by "metadata"'],
    ['metadata.release', 0, 'unknown field "metadata.release"'],
  ];
  for (const [orderBy, position, fragment] of cases) {
    test(`refuses ${JSON.stringify(orderBy)}`, () => {
      assert.throws(
        () => checkOrderBy(parseOrderBy(orderBy), CATALOG, orderBy),
        (error) =>
          isOrchError(error, 'InvalidArgument') &&
          error.message.startsWith(`invalid orderBy at position ${position}: `) &&
          error.message.includes(fragment) &&
          error.details?.['orderBy'] === orderBy,
      );
    });
  }
});

describe("EMF's spellings: snake_case names and has()", () => {
  test('snake_case fields resolve to the catalogue spelling, map keys stay as written', () => {
    assert.deepEqual(
      check('os_type = mutable AND timestamps.created_at > 2026-01-01 AND metadata.skip_kernel = "1"'),
      {
        kind: 'and',
        position: 0,
        operands: [
          {
            kind: 'compare',
            position: 0,
            field: 'osType',
            op: '=',
            value: { text: 'OS_TYPE_MUTABLE', quoted: false, position: 10 },
          },
          {
            kind: 'compare',
            position: 22,
            field: 'timestamps.createdAt',
            op: '>',
            value: { text: '2026-01-01T00:00:00.000Z', quoted: false, position: 46 },
          },
          {
            kind: 'compare',
            position: 61,
            field: 'metadata.skip_kernel',
            op: '=',
            value: { text: '1', quoted: true, position: 84 },
          },
        ],
      },
    );
  });

  test('has(field) takes any known field or map key, in either spelling; unknown ones are refused', () => {
    assert.deepEqual(check('has(os_type)'), { kind: 'present', position: 0, field: 'osType' });
    assert.deepEqual(check('has(metadata.release)'), {
      kind: 'present',
      position: 0,
      field: 'metadata.release',
    });
    assert.deepEqual(check('has(metadata)'), { kind: 'present', position: 0, field: 'metadata' });
    assert.throws(() => check('has(colour)'), /unknown field "colour"; known fields: description, enabled/);
  });

  test('orderBy takes snake_case names and returns the catalogue spelling', () => {
    assert.deepEqual(
      checkOrderBy(parseOrderBy('timestamps.created_at desc, name'), CATALOG).map((t) => [
        t.field,
        t.direction,
      ]),
      [
        ['timestamps.createdAt', 'desc'],
        ['name', 'asc'],
      ],
    );
    assert.throws(
      () => checkOrderBy(parseOrderBy('timestamps.created_at, timestamps.createdAt'), CATALOG),
      /"timestamps.createdAt" is ordered on twice/,
    );
  });
});
