import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOrchError } from '../core/errors/index.js';
import { parseStoreUrl } from './store-url.js';

test('sqlite URLs, plain paths and :memory: name a SQLite file', () => {
  assert.deepEqual(parseStoreUrl('sqlite:./data/orch.db'), { kind: 'sqlite', path: './data/orch.db' });
  assert.deepEqual(parseStoreUrl('sqlite:///var/lib/orch/orch.db'), {
    kind: 'sqlite',
    path: '/var/lib/orch/orch.db',
  });
  assert.deepEqual(parseStoreUrl('/tmp/x.db'), { kind: 'sqlite', path: '/tmp/x.db' });
  assert.deepEqual(parseStoreUrl(':memory:'), { kind: 'sqlite', path: ':memory:' });
});

test('postgres URLs keep their credentials; ?schema is taken out, the option wins over it', () => {
  assert.deepEqual(parseStoreUrl('postgres://u:p@db:5432/orch'), {
    kind: 'postgres',
    connectionString: 'postgres://u:p@db:5432/orch',
    schema: undefined,
  });
  assert.deepEqual(parseStoreUrl('postgresql://db/orch?schema=tenant_a&sslmode=require'), {
    kind: 'postgres',
    connectionString: 'postgresql://db/orch?sslmode=require',
    schema: 'tenant_a',
  });
  const withOption = parseStoreUrl('postgres://db/orch?schema=from_url', 'from_option');
  assert.equal(withOption.kind === 'postgres' && withOption.schema, 'from_option');
});

test('bad URLs are InvalidArgument with a message naming the problem', () => {
  const cases: [string, string | undefined, RegExp][] = [
    ['', undefined, /the database URL is empty/],
    ['  ', undefined, /the database URL is empty/],
    ['sqlite:', undefined, /names no file/],
    ['postgres://db/orch?schema=bad-name', undefined, /schema name "bad-name" must be a plain identifier/],
    ['postgres://db/orch', 'x"; drop', /must be a plain identifier/],
    ['postgres://db/orch', 'a'.repeat(64), /must be a plain identifier/],
    ['./orch.db', 'tenant', /only be given for a PostgreSQL/],
  ];
  for (const [url, schema, message] of cases) {
    assert.throws(
      () => parseStoreUrl(url, schema),
      (error: unknown) => isOrchError(error, 'InvalidArgument') && message.test(error.message),
      `${url} / ${schema}`,
    );
  }
});
