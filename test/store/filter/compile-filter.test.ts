/**
 * compileFilter and applyOrderBy against real databases: the same filters run on SQLite (in
 * memory) and on PostgreSQL (a private schema) and must select the same rows, in the same order.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { isOrchError } from '../../../src/core/errors/index.js';
import { checkFilter } from '../../../src/core/filter/filter-checker.js';
import { parseFilter } from '../../../src/core/filter/filter-parser.js';
import { parseOrderBy } from '../../../src/core/filter/order-by-parser.js';
import { compileFilter } from '../../../src/store/filter/compile-filter.js';
import { applyOrderBy } from '../../../src/store/filter/apply-order-by.js';
import { createTestSchema, pgTestGate, type TestSchema } from '../../support/pg-test-schema.js';
import {
  FILTER_CASES,
  ITEM_CATALOG,
  ITEM_COLUMNS,
  ITEMS,
  ORDER_CASES,
  type ItemTable,
  createItemTable,
} from './filter-test-table.js';

interface DB {
  item: ItemTable;
}
type Dialect = 'sqlite' | 'postgres';

/** The list pipeline: parse, check against the catalogue, compile, order, run. */
async function select(db: Kysely<DB>, dialect: Dialect, filter: string, orderBy = ''): Promise<string[]> {
  const parsed = parseFilter(filter);
  const ast = parsed && checkFilter(parsed, ITEM_CATALOG, filter);
  let query = db.selectFrom('item').select('id');
  if (ast) query = query.where((eb) => compileFilter(eb, ast, ITEM_COLUMNS, dialect));
  query = applyOrderBy(query, parseOrderBy(orderBy), ITEM_COLUMNS, {
    tiebreaker: { column: 'id', type: 'string' },
    dialect,
  });
  return (await query.execute()).map((row) => row.id);
}

const pgGate = await pgTestGate();
/** Rows each dialect returned per filter, compared across dialects at the end. */
const seen = new Map<string, Map<Dialect, string[]>>();

function suite(dialect: Dialect, open: () => Promise<{ db: Kysely<DB>; close: () => Promise<void> }>): void {
  describe(`compileFilter on ${dialect}`, { skip: dialect === 'postgres' ? pgGate : false }, () => {
    let db: Kysely<DB>;
    let close: () => Promise<void>;
    before(async () => {
      ({ db, close } = await open());
      await createItemTable(db, dialect);
    });
    after(() => close());

    for (const [filter, expected] of FILTER_CASES) {
      test(`filter ${filter}`, async () => {
        const ids = await select(db, dialect, filter);
        assert.deepEqual(ids, [...expected].sort());
        const byDialect = seen.get(filter) ?? new Map<Dialect, string[]>();
        seen.set(filter, byDialect.set(dialect, ids));
      });
    }
    for (const [orderBy, expected] of ORDER_CASES) {
      test(`orderBy ${orderBy || '(none)'} ends with the id tiebreaker`, async () => {
        assert.deepEqual(await select(db, dialect, '', orderBy), expected);
      });
    }
    test('values are bound parameters, never SQL text', async () => {
      const hostile = `x' OR '1'='1"; drop table item; --`;
      const ast = parseFilter(
        `name = ${JSON.stringify(hostile)} OR metadata.release:"'); drop table item; --"`,
      );
      assert.ok(ast);
      const query = db
        .selectFrom('item')
        .select('id')
        .where((eb) => compileFilter(eb, ast, ITEM_COLUMNS, dialect));
      const compiled = query.compile();
      assert.ok(!compiled.sql.includes('drop'), compiled.sql);
      assert.ok(compiled.parameters.includes(hostile));
      assert.deepEqual(await query.execute(), []);
      assert.equal((await select(db, dialect, '')).length, ITEMS.length);
    });
    test('unchecked filters: the compiler itself refuses unknown fields and bad literals', () => {
      const bad = [
        'nope = 1',
        'size = big',
        'timestamps.createdAt > yesterday',
        'size:1',
        'metadata = x',
        'size = 1*',
        'enabled = 2',
        'metadata:"a\\"b"',
      ];
      for (const filter of bad) {
        const ast = parseFilter(filter);
        assert.ok(ast);
        const query = db.selectFrom('item').select('id');
        assert.throws(
          () => query.where((eb) => compileFilter(eb, ast, ITEM_COLUMNS, dialect)).compile(),
          (error) => isOrchError(error, 'InvalidArgument') && /^invalid filter/.test(error.message),
          filter,
        );
      }
    });
    test('applyOrderBy refuses maps and unknown fields', async () => {
      for (const [orderBy, position] of [
        ['metadata', 0],
        ['name, nope desc', 6],
      ] as const) {
        await assert.rejects(
          () => select(db, dialect, '', orderBy),
          (error) =>
            isOrchError(error, 'InvalidArgument') &&
            error.message.startsWith(`invalid orderBy at position ${position}: cannot order by`),
          orderBy,
        );
      }
    });
  });
}

suite('sqlite', async () => {
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  return { db, close: () => db.destroy() };
});

suite('postgres', async () => {
  const schema: TestSchema = await createTestSchema('test_filter');
  return { db: schema.kysely<DB>(), close: () => schema.drop() };
});

describe('both dialects', { skip: pgGate }, () => {
  test('every filter selected the same rows on SQLite and PostgreSQL', () => {
    assert.equal(seen.size, FILTER_CASES.length);
    for (const [filter, byDialect] of seen) {
      assert.deepEqual(byDialect.get('postgres'), byDialect.get('sqlite'), filter);
    }
  });
});
