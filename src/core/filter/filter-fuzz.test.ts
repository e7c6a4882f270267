/**
 * Bounded fuzzing of the filter and orderBy front end with a fixed seed: whatever a client sends,
 * the parser and the checker return a result or throw OrchError InvalidArgument with a position
 * inside the text, never another exception (which would surface as a 500).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOrchError } from '../errors/index.js';
import type { FilterNode } from './filter-ast.js';
import type { FilterFieldCatalog } from './filter-field-catalog.js';
import { checkFilter } from './filter-checker.js';
import { parseFilter } from './filter-parser.js';
import { checkOrderBy } from './order-by-checker.js';
import { parseOrderBy } from './order-by-parser.js';
import { mulberry32 } from '../../../test/support/seeded-random.js';

const SEED = 0x5eed160;
const FILTER_RUNS = 2000;
const ORDER_BY_RUNS = 500;

// prettier-ignore
const PIECES = [
  'name', 'osType', 'size', 'enabled', 'timestamps.createdAt', 'metadata', 'metadata.release', 'nope',
  'a.b.c', '=', '!=', '<', '<=', '>', '>=', ':', '==', '!', '(', ')', 'AND', 'OR', 'NOT', 'and', '-', ',',
  '.', 'asc', 'desc', '"', "'", '\\', '\\"', '*', '"x*y"', "'it\\'s'", '1', '-2.5', '1e999', 'true',
  'MUTABLE', '2026-11-25T19:00:00Z', '2026-02-30', ' ', '  ', '\t', '\n', '\u0000', 'é', '💥', '\u202e', '%',
  '_', '[', ']', '?', '$', '#', ';',
];
const ORDER_FIELDS = [
  'name',
  'size',
  'osType',
  'enabled',
  'timestamps.createdAt',
  'metadata',
  'nope',
  '1x',
  '',
];
const ORDER_DIRECTIONS = ['', ' asc', ' DESC', '  desc ', ' sideways', ' asc desc'];
const ORDER_SEPARATORS = [',', ', ', ' ,', ',,', ' '];
const SEEDS = [
  'name = "ubuntu" AND osType = MUTABLE',
  '(size > 3 OR NOT enabled = true) metadata.release:"24*"',
  '-name:"x\\"y" timestamps.createdAt >= 2026-11-25T19:00:00Z',
  "metadata:release OR name != 'a*b'",
  'name desc, osType asc, size',
];

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

function randomText(rng: Rng): string {
  const count = 1 + Math.floor(rng() * 24);
  return Array.from({ length: count }, () => pick(rng, PIECES)).join(rng() < 0.5 ? ' ' : '');
}

function randomOrderBy(rng: Rng): string {
  const terms = Array.from(
    { length: 1 + Math.floor(rng() * 4) },
    () => pick(rng, ORDER_FIELDS) + pick(rng, ORDER_DIRECTIONS),
  );
  return terms.map((term, i) => (i === 0 ? term : pick(rng, ORDER_SEPARATORS) + term)).join('');
}

function mutate(rng: Rng, text: string): string {
  let out = text;
  for (let edits = 1 + Math.floor(rng() * 4); edits > 0; edits -= 1) {
    const at = Math.floor(rng() * (out.length + 1));
    const kind = rng();
    if (kind < 0.35) out = out.slice(0, at) + pick(rng, PIECES) + out.slice(at);
    else if (kind < 0.7) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rng() * 3));
    else if (kind < 0.85) out = out.slice(0, at) + out.slice(Math.floor(rng() * out.length));
    else out = '('.repeat(Math.floor(rng() * 20)) + out + ')'.repeat(Math.floor(rng() * 20));
  }
  return out;
}

const CATALOG: FilterFieldCatalog = {
  name: { type: 'string' },
  osType: { type: 'enum', normalize: (t) => (t.startsWith('OS_TYPE_') ? t : `OS_TYPE_${t}`) },
  size: { type: 'number' },
  enabled: { type: 'boolean' },
  'timestamps.createdAt': { type: 'timestamp' },
  metadata: { type: 'map' },
};

/** Runs `step`; true when it returned, false when it threw an InvalidArgument pointing inside `text`. */
function outcome(text: string, step: () => unknown): boolean {
  try {
    step();
    return true;
  } catch (error) {
    assert.ok(isOrchError(error, 'InvalidArgument'), `${JSON.stringify(text)} threw ${String(error)}`);
    const position = error.details?.['position'];
    assert.ok(
      typeof position === 'number' && position >= 0 && position <= text.length,
      `${JSON.stringify(text)}: position ${String(position)}`,
    );
    return false;
  }
}

function positionsInside(node: FilterNode, length: number): boolean {
  if (node.position < 0 || node.position >= length) return false;
  if (node.kind === 'and' || node.kind === 'or')
    return node.operands.every((child) => positionsInside(child, length));
  if (node.kind === 'not') return positionsInside(node.operand, length);
  if (node.kind === 'present') return true;
  return node.value.position > node.position && node.value.position < length;
}

test(`fuzz: ${FILTER_RUNS} generated filters parse or fail with InvalidArgument`, (t) => {
  const rng = mulberry32(SEED);
  const counts = { parsed: 0, checked: 0, refused: 0 };
  for (let run = 0; run < FILTER_RUNS; run += 1) {
    const text = rng() < 0.5 ? randomText(rng) : mutate(rng, pick(rng, SEEDS));
    let ast: FilterNode | undefined;
    if (!outcome(text, () => (ast = parseFilter(text)))) {
      counts.refused += 1;
      continue;
    }
    counts.parsed += 1;
    if (ast === undefined) continue;
    assert.ok(positionsInside(ast, text.length), `positions outside ${JSON.stringify(text)}`);
    const tree = ast;
    if (outcome(text, () => checkFilter(tree, CATALOG, text))) counts.checked += 1;
  }
  t.diagnostic(`filters: ${JSON.stringify(counts)}`);
  // The generator must reach both sides, or this test proves nothing.
  assert.ok(counts.parsed > 100 && counts.refused > 100 && counts.checked > 20, JSON.stringify(counts));
});

test(`fuzz: ${ORDER_BY_RUNS} generated orderBy texts parse or fail with InvalidArgument`, (t) => {
  const rng = mulberry32(SEED + 1);
  const counts = { parsed: 0, refused: 0 };
  for (let run = 0; run < ORDER_BY_RUNS; run += 1) {
    const generated = randomOrderBy(rng);
    const text = rng() < 0.6 ? generated : rng() < 0.5 ? mutate(rng, generated) : randomText(rng);
    const ok = outcome(text, () => checkOrderBy(parseOrderBy(text), CATALOG, text));
    counts[ok ? 'parsed' : 'refused'] += 1;
  }
  t.diagnostic(`orderBy: ${JSON.stringify(counts)}`);
  assert.ok(counts.parsed > 20 && counts.refused > 20, JSON.stringify(counts));
});
