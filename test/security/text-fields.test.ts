// Attack: NUL and control characters in text fields answered 500 on PostgreSQL and 201 on SQLite,
// and look-alike names (a zero-width space, a decomposed accent) coexisted as "different" profiles.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { serverBackends } from '../server/support/server-backends.js';
import { startTestServer, type TestServer } from '../server/support/test-server.js';
import { API_TEST_NOW, ubuntuBody } from '../server/support/profile-bodies.js';

const slots = await serverBackends('sec_text');
const OS = '/v1/projects/alpha/compute/os';

for (const slot of slots) {
  describe(`text fields on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    let server: TestServer;
    let store: KyselyStore;
    let serial = 0;
    before(async () => {
      store = await slot.backend!.open(() => API_TEST_NOW);
      server = await startTestServer(store, {}, () => API_TEST_NOW);
      const res = await server.call({ method: 'POST', url: '/v1/projects', payload: { name: 'alpha' } });
      assert.equal(res.statusCode, 201);
    });
    after(async () => {
      await server?.close();
      await slot.backend?.dispose();
    });

    const create = (overrides: Record<string, unknown>) => {
      serial += 1;
      return server.call({
        method: 'POST',
        url: OS,
        payload: ubuntuBody({ name: `text ${serial}`, profileName: `text-${serial}`, ...overrides }),
      });
    };
    const refusal = (res: { statusCode: number; json(): { code: string; message: string } }) => {
      assert.equal(res.statusCode, 400);
      return res.json();
    };

    test('NUL in a multi-line field is refused with 400 on both stores, never stored or a 500', async () => {
      for (const overrides of [
        { description: 'a\u0000b' },
        { installedPackages: '{"a":"\u0000"}' },
        { metadata: { note: 'x\u0000y' } },
      ]) {
        const body = refusal(await create(overrides));
        assert.equal(body.code, 'InvalidArgument');
        assert.match(body.message, /control characters other than tab and line breaks/);
      }
    });

    test('ESC and other controls in a description are refused; tabs and line breaks are kept', async () => {
      assert.match(refusal(await create({ description: 'red \u001b[31m' })).message, /description must not/);
      const ok = await create({ description: 'line one\r\n\tline two' });
      assert.ok(ok.statusCode < 300, ok.body);
      assert.equal(ok.json().description, 'line one\r\n\tline two');
    });

    test('a name with a zero-width or bidirectional character is refused', async () => {
      for (const name of ['ubuntu\u200bcustom', 'ubuntu\u202ecustom', 'ubu\ufeffntu']) {
        assert.match(refusal(await create({ name })).message, /invisible or bidirectional/);
      }
      assert.match(refusal(await create({ name: 'tab\there' })).message, /control characters/);
    });

    test('names are NFC: a decomposed accent is the same name as the precomposed one', async () => {
      const first = await create({ name: 'caf\u00e9 image' });
      assert.ok(first.statusCode < 300, first.body);
      const lookAlike = await create({ name: 'cafe\u0301 image' });
      assert.equal(lookAlike.statusCode, 409, lookAlike.body);
      assert.equal(lookAlike.json().code, 'AlreadyExists');
      const listed = await server.call({
        method: 'GET',
        url: `${OS}?filter=${encodeURIComponent('name="café image"')}`,
      });
      assert.equal(listed.json().totalElements, 1);
    });
  });
}
