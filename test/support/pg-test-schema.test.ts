import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import pg from 'pg';
import {
  DEFAULT_TEST_PG_URL,
  createTestSchema,
  pgTestGate,
  testPgUrl,
  type TestSchema,
} from './pg-test-schema.js';

/** A port that refuses connections: a listener opened and closed again. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

describe('pgTestGate', () => {
  test('ORCH_TEST_PG_URL chooses the server, with a default', () => {
    assert.equal(testPgUrl({}), DEFAULT_TEST_PG_URL);
    assert.equal(testPgUrl({ ORCH_TEST_PG_URL: 'postgres://u@h:1/d' }), 'postgres://u@h:1/d');
  });
  test('an unreachable server is a visible skip outside CI and an error under CI', async () => {
    const url = `postgres://postgres@127.0.0.1:${await closedPort()}/test`;
    const skip = await pgTestGate({ ORCH_TEST_PG_URL: url, CI: 'false' });
    assert.ok(
      typeof skip === 'string' && skip.includes(url) && skip.includes('PostgreSQL tests skipped'),
      String(skip),
    );
    await assert.rejects(
      () => pgTestGate({ ORCH_TEST_PG_URL: url, CI: 'true' }),
      /unreachable .*CI requires it/,
    );
  });
});

const gate = await pgTestGate();
describe('createTestSchema', { skip: gate }, () => {
  let first: TestSchema;
  let second: TestSchema;
  before(async () => {
    [first, second] = await Promise.all([createTestSchema('test_support'), createTestSchema('test_support')]);
  });
  after(async () => {
    await first.drop();
    await second.drop();
  });
  test('each schema is private: same table name, separate rows', async () => {
    assert.notEqual(first.schema, second.schema);
    assert.match(first.schema, /^test_support_[0-9a-f]{12}$/);
    for (const schema of [first, second]) {
      await schema.kysely().schema.createTable('t').addColumn('v', 'text').execute();
    }
    await first.pool.query(`insert into t values ('first')`);
    assert.deepEqual((await second.pool.query('select v from t')).rows, []);
    const viaUrl = new pg.Client({ connectionString: first.schemaUrl });
    await viaUrl.connect();
    try {
      assert.deepEqual((await viaUrl.query('select v from t')).rows, [{ v: 'first' }]);
    } finally {
      await viaUrl.end();
    }
  });
  test('drop removes the schema and may be called twice', async () => {
    const scratch = await createTestSchema('test_support');
    await scratch.kysely().schema.createTable('t').addColumn('v', 'text').execute();
    await scratch.drop();
    await scratch.drop();
    const { rows } = await first.pool.query('select 1 from pg_namespace where nspname = $1', [
      scratch.schema,
    ]);
    assert.deepEqual(rows, []);
  });
});
