/**
 * Differential test: random well-formed filters (fixed seed) go through the whole pipeline
 * (text -> parseFilter -> checkFilter -> compileFilter -> SQL) on SQLite and PostgreSQL, and each
 * must select exactly the rows the reference evaluator picks from the documented semantics.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { checkFilter } from '../../../src/core/filter/filter-checker.js';
import { parseFilter } from '../../../src/core/filter/filter-parser.js';
import { compileFilter } from '../../../src/store/filter/compile-filter.js';
import { createTestSchema, pgTestGate } from '../../support/pg-test-schema.js';
import { referenceMatch } from './filter-reference.js';
import { mulberry32 } from '../../support/seeded-random.js';
import { randomFilter } from './random-filter.js';
import {
  ITEM_CATALOG,
  ITEM_COLUMNS,
  ITEM_ROWS,
  createItemTable,
  type ItemTable,
} from './filter-test-table.js';

const SEED = 160;
const RUNS = 300;

interface DB {
  item: ItemTable;
}
type Dialect = 'sqlite' | 'postgres';

const rng = mulberry32(SEED);
const FILTERS = Array.from({ length: RUNS }, () => randomFilter(rng));

async function differential(db: Kysely<DB>, dialect: Dialect): Promise<{ partial: number }> {
  let partial = 0;
  for (const text of FILTERS) {
    const parsed = parseFilter(text);
    assert.ok(parsed, text);
    const ast = checkFilter(parsed, ITEM_CATALOG, text);
    const expected = ITEM_ROWS.filter((row) => referenceMatch(ast, row)).map((row) => row.id);
    const rows = await db
      .selectFrom('item')
      .select('id')
      .where((eb) => compileFilter(eb, ast, ITEM_COLUMNS, dialect))
      .orderBy('id')
      .execute();
    assert.deepEqual(
      rows.map((row) => row.id),
      expected,
      `${dialect}: ${text}`,
    );
    if (expected.length > 0 && expected.length < ITEM_ROWS.length) partial += 1;
  }
  return { partial };
}

const pgGate = await pgTestGate();
const dialects: [Dialect, () => Promise<{ db: Kysely<DB>; close: () => Promise<void> }>][] = [
  [
    'sqlite',
    async () => {
      const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
      return { db, close: () => db.destroy() };
    },
  ],
  [
    'postgres',
    async () => {
      const schema = await createTestSchema('test_filter_diff');
      return { db: schema.kysely<DB>(), close: () => schema.drop() };
    },
  ],
];

for (const [dialect, open] of dialects) {
  describe(`filter differential on ${dialect}`, { skip: dialect === 'postgres' ? pgGate : false }, () => {
    let db: Kysely<DB>;
    let close: () => Promise<void>;
    before(async () => {
      ({ db, close } = await open());
      await createItemTable(db, dialect);
    });
    after(() => close());
    test(`${RUNS} random filters select what the reference selects`, async (t) => {
      const { partial } = await differential(db, dialect);
      t.diagnostic(`${partial} of ${RUNS} filters selected some but not all rows`);
      // Filters that select nothing or everything prove little; most must discriminate.
      assert.ok(partial > RUNS / 3, `only ${partial} discriminating filters`);
    });
  });
}
