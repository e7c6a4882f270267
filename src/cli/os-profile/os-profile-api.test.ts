import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiClient } from '../api-client/api-client.js';
import type { HttpTransport } from '../api-client/http-transport.js';
import { exactLiteral, listProfiles, resolveProfile } from './os-profile-api.js';

test('exact filter literals escape quotes, backslashes, wildcards and control characters', () => {
  assert.equal(exactLiteral('Ubuntu 22.04'), '"Ubuntu 22.04"');
  assert.equal(exactLiteral('a "b" \\ *c*'), '"a \\"b\\" \\\\ \\*c\\*"');
  assert.equal(exactLiteral('x\ny\tz\r'), '"x\\ny\\tz\\r"');
});

/** A fake orchd holding `total` profiles named p0.., answering list pages and gets. */
function fakeOrchd(total: number) {
  const urls: URL[] = [];
  const profile = (i: number) => ({ resourceId: `os-0000000${i}`, name: `p${i}` });
  const transport: HttpTransport = async (_method, url) => {
    urls.push(url);
    const id = /\/os\/(os-[0-9a-f]{8})$/.exec(url.pathname)?.[1];
    if (id) return { status: 200, text: JSON.stringify({ resourceId: id, name: 'by-id' }) };
    const filter = url.searchParams.get('filter');
    const all = Array.from({ length: total }, (_, i) => profile(i)).filter(
      (p) => !filter || filter === `name = "${p.name}"`,
    );
    const offset = Number(url.searchParams.get('offset'));
    const items = all.slice(offset, offset + Number(url.searchParams.get('pageSize')));
    const page = {
      OperatingSystemResources: items,
      totalElements: all.length,
      hasNext: offset + items.length < all.length,
    };
    return { status: 200, text: JSON.stringify(page) };
  };
  return { urls, client: createApiClient({ baseUrl: 'http://h', token: 't', transport }) };
}

test('list reads every page; filter and orderBy are passed on', async () => {
  const orchd = fakeOrchd(5);
  const all = await listProfiles(orchd.client, 'lab', { pageSize: 2, orderBy: 'name desc' });
  assert.deepEqual(
    all.map((p) => p.name),
    ['p0', 'p1', 'p2', 'p3', 'p4'],
  );
  assert.deepEqual(
    orchd.urls.map((u) => u.searchParams.get('offset')),
    ['0', '2', '4'],
  );
  assert.equal(orchd.urls[0]!.pathname, '/v1/projects/lab/compute/os');
  assert.equal(orchd.urls[0]!.searchParams.get('orderBy'), 'name desc');
});

test('names resolve through an exact filter; ids are fetched directly; unknown names exit 1', async () => {
  const orchd = fakeOrchd(3);
  assert.equal((await resolveProfile(orchd.client, 'default', 'p2')).resourceId, 'os-00000002');
  assert.equal(orchd.urls[0]!.searchParams.get('filter'), 'name = "p2"');
  assert.equal((await resolveProfile(orchd.client, 'default', 'os-0000abcd')).name, 'by-id');
  await assert.rejects(resolveProfile(orchd.client, 'default', 'nope'), {
    exitCode: 1,
    message: 'OS profile "nope" not found in project "default"',
  });
});
