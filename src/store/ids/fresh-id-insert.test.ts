import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOrchError } from '../../core/errors/index.js';
import { ID_TAKEN, insertUnderFreshId, MAX_ID_ATTEMPTS, resourceIdPrefix } from './fresh-id-insert.js';

test('insertUnderFreshId: the first free id wins, through the given id source', async () => {
  const tried: string[] = [];
  const taken = new Set(['host-00000001', 'host-00000002']);
  const fresh = ['host-00000002', 'host-00000003'];
  const result = await insertUnderFreshId(
    'host-00000001',
    async (id) => {
      tried.push(id);
      return taken.has(id) ? ID_TAKEN : `row ${id}`;
    },
    { newId: () => fresh.shift()! },
  );
  assert.equal(result, 'row host-00000003');
  assert.deepEqual(tried, ['host-00000001', 'host-00000002', 'host-00000003']);
});

test('insertUnderFreshId: real fresh ids by default, for every kind', async () => {
  for (const first of ['os-00000000', 'inst-00000000', 'job-00000000', 'token-00000000']) {
    const tried: string[] = [];
    await insertUnderFreshId(first, async (id) => (tried.push(id) === 1 ? ID_TAKEN : id));
    assert.equal(tried.length, 2);
    assert.match(tried[1]!, new RegExp(`^${resourceIdPrefix(first)}-[0-9a-f]{8}$`));
  }
});

test('insertUnderFreshId: other failures pass through untouched; a stuck id source ends as Internal', async () => {
  await assert.rejects(
    insertUnderFreshId('os-00000000', async () => {
      throw new Error('duplicate name');
    }),
    /duplicate name/,
  );
  let attempts = 0;
  await assert.rejects(
    insertUnderFreshId(
      'os-00000000',
      async () => {
        attempts += 1;
        return ID_TAKEN;
      },
      { newId: () => 'os-00000000' },
    ),
    (error) => isOrchError(error, 'Internal') && /no free id like os-00000000 after 16/.test(error.message),
  );
  assert.equal(attempts, MAX_ID_ATTEMPTS);
  assert.throws(() => resourceIdPrefix('vm-00000000'), /not a resource id of a known kind/);
  // Ids of another form (validation jobs: vjob-…) bring their own source.
  const ids = ['vjob-2'];
  const job = await insertUnderFreshId('vjob-1', async (id) => (id === 'vjob-1' ? ID_TAKEN : id), {
    newId: () => ids.shift()!,
  });
  assert.equal(job, 'vjob-2');
});
