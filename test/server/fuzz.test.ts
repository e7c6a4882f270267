import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverBackends } from './support/server-backends.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import { API_TEST_NOW, ubuntuBody } from './support/profile-bodies.js';
import { seededRandom, type SeededRandom } from '../support/seeded-random.js';

// Bounded fuzzing of the OS profile API: every generated body is invalid by construction, every
// filter and query string is arbitrary. Nothing may answer 5xx and no invalid body may store a row.
const SEED = 0x5eed2026;
const BODIES = 1100;
const FILTERS = 600;
const QUERIES = 300;
const PATCHES = 200;
const OS = '/v1/projects/fuzz/compute/os';
const slots = await serverBackends('fuzz');

const WEIRD = [
  '',
  ' ',
  '\u0000',
  '\n',
  '😀',
  '%',
  '"',
  "'",
  '\\',
  '<script>',
  'a'.repeat(300),
  '💥'.repeat(200),
];
const WRONG_TYPES: readonly unknown[] = [0, -1, 1.5, true, false, [], ['x'], {}, { a: 1 }, 1e308];

/** One body that breaks at least one rule, whatever the random draws. */
function invalidBody(r: SeededRandom): unknown {
  const body = ubuntuBody({ name: `fuzz ${r.int(1e9)}`, imageId: `${r.int(1e6)}.${r.int(100)}` });
  const mutations: (() => unknown)[] = [
    () => ({
      ...body,
      [r.pick(['name', 'profileName', 'imageUrl', 'imageId', 'sha256', 'osType'])]: r.pick(WRONG_TYPES),
    }),
    () => {
      const copy: Record<string, unknown> = { ...body };
      delete copy[r.pick(['name', 'profileName', 'imageUrl', 'imageId', 'sha256', 'osType'])];
      return copy;
    },
    () => ({
      ...body,
      name: r.pick(['', '   ', 'x'.repeat(129 + r.int(500)), `a\u0000${r.int(9)}`, `tab\there`]),
    }),
    () => ({
      ...body,
      imageUrl: r.pick(['http://', 'ftp://', 'file:///', 'javascript:']) + r.text(1 + r.int(20), 'abc./:%'),
    }),
    () => ({ ...body, imageUrl: `https://h/${r.text(1 + r.int(10), 'ab')}%${r.pick(['', 'g', 'zz', '1'])}` }),
    () => ({ ...body, sha256: r.text(r.pick([0, 1, 63, 65, 128]), '0123456789abcdefXYZ') || 'x' }),
    () => ({ ...body, sha256: r.text(63, '0123456789abcdef') + r.pick(['g', 'Z', ' ', '-']) }),
    () => ({
      ...body,
      osType: r.pick(['IMMUTABLE', 'OS_TYPE_UNSPECIFIED', 'UNSPECIFIED', r.text(1 + r.int(12), 'ABC_')]),
    }),
    () => ({
      ...body,
      securityFeature: r.pick(['SB', 'FDE', 'SECURITY_FEATURE_SB', r.text(5, 'xyz')]),
    }),
    () => ({
      ...body,
      metadata: r.pick([
        { a: { b: 'c' } },
        { a: [1] },
        '{"a":',
        '[1]',
        'null x',
        { [r.pick(WEIRD) || 'k']: ['v'] },
      ]),
    }),
    () => ({
      ...body,
      tlsCaCert: r.pick([
        '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
        r.text(20 + r.int(200), 'ABCDabcd0123+/='),
        '-----BEGIN PRIVATE KEY-----\nMII=\n-----END PRIVATE KEY-----',
      ]),
    }),
    () => ({
      ...body,
      [r.pick(['color', 'resourceId', 'osFamily', 'source', 'timestamps', r.text(1 + r.int(8), 'qwxz')])]:
        r.pick(WEIRD),
    }),
    () => r.pick([null, 1, 'text', [], [body], true]),
    () => ({
      ...body,
      profileName: r.pick(['-lead', '.dot', 'has space', 'x'.repeat(129), r.pick(WEIRD) || '/']),
    }),
  ];
  return r.pick(mutations)();
}

/** Raw payload text: valid JSON of an invalid body, or bytes that are not JSON at all. */
function invalidPayload(r: SeededRandom): string {
  if (r.int(10) > 0) return JSON.stringify(invalidBody(r));
  return r.pick([
    '{',
    '{"name": }',
    '[',
    '\u0000\u0001',
    '{"a":1}{',
    'nul',
    '"unterminated',
    '{"a":'.repeat(50),
  ]);
}

function randomFilter(r: SeededRandom): string {
  const atoms = [
    'name',
    'osType',
    'metadata.k',
    'timestamps.createdAt',
    'sha256',
    'x.y.z',
    '=',
    '!=',
    '<',
    '>=',
    ':',
    'AND',
    'OR',
    'NOT',
    '-',
    '(',
    ')',
    '"a b"',
    "'q'",
    '*',
    'MUTABLE',
    '2026-01-01T00:00:00Z',
    '42',
    '\\',
    '"',
    ' ',
    'true',
  ];
  const parts = Array.from({ length: 1 + r.int(12) }, () =>
    r.int(5) === 0 ? r.text(1 + r.int(4), '=!<>():"\\*- az09') : r.pick(atoms),
  );
  return parts.join(r.pick([' ', '']));
}

function randomQuery(r: SeededRandom): string {
  const key = r.pick(['pageSize', 'offset', 'orderBy', 'filter', 'page', 'pageSize', 'offset', '']);
  const value = r.pick([
    '',
    '-1',
    '0',
    '1',
    '100',
    '101',
    '10000',
    '10001',
    '1.5',
    '1e3',
    'abc',
    '%zz',
    'name desc',
    'name sideways',
    '9'.repeat(30),
  ]);
  const extra = r.int(3) === 0 ? `&${r.pick(['pageSize', 'offset'])}=${r.pick(['2', 'x'])}` : '';
  return `${key}=${value}${extra}`;
}

for (const slot of slots) {
  describe(`fuzzing the OS profile API on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    let server: TestServer;
    let baseline: number;
    before(async () => {
      server = await startTestServer(await slot.backend!.open(() => API_TEST_NOW), {}, () => API_TEST_NOW);
      await server.call({ method: 'POST', url: '/v1/projects', payload: { name: 'fuzz' } });
      baseline = (await server.call({ method: 'GET', url: OS })).json().totalElements;
    });
    after(async () => {
      await server?.close();
      await slot.backend?.dispose();
    });

    test(`${BODIES} invalid bodies: 4xx InvalidArgument, never 5xx, no row stored`, async () => {
      const r = seededRandom(SEED);
      for (let i = 0; i < BODIES; i++) {
        const payload = invalidPayload(r);
        const res = await server.call({
          method: 'POST',
          url: OS,
          payload,
          headers: { 'content-type': 'application/json' },
        });
        assert.equal(
          res.statusCode,
          400,
          `#${i} ${payload.slice(-400)} -> ${res.statusCode} ${res.body.slice(0, 200)}`,
        );
        assert.equal(res.json().code, 'InvalidArgument');
      }
      assert.equal((await server.call({ method: 'GET', url: OS })).json().totalElements, baseline);
    });

    test(`${FILTERS} arbitrary filters and ${QUERIES} query strings: 200 or 400, never 5xx`, async () => {
      const r = seededRandom(SEED + 1);
      const seen = new Set<number>();
      for (let i = 0; i < FILTERS + QUERIES; i++) {
        const query = i < FILTERS ? `filter=${encodeURIComponent(randomFilter(r))}` : randomQuery(r);
        const res = await server.call({ method: 'GET', url: `${OS}?${query}` });
        assert.ok(
          [200, 400].includes(res.statusCode),
          `${query} -> ${res.statusCode} ${res.body.slice(0, 300)}`,
        );
        if (res.statusCode === 400) assert.equal(res.json().code, 'InvalidArgument');
        seen.add(res.statusCode);
      }
      assert.deepEqual([...seen].sort(), [200, 400], 'the generator reaches both outcomes');
    });

    test(`${PATCHES} invalid PATCH bodies leave the profile unchanged`, async () => {
      const target = (await server.call({ method: 'GET', url: `${OS}?pageSize=1` })).json()
        .OperatingSystemResources[0];
      const r = seededRandom(SEED + 2);
      for (let i = 0; i < PATCHES; i++) {
        const body = r.pick([
          () => ({ profileName: `renamed-${i}` }),
          () => ({ imageUrl: 'https://elsewhere.test/x.img' }),
          () => ({ description: r.pick(WRONG_TYPES) }),
          () => ({ metadata: r.pick([{ a: { n: 2 } }, '{', [1]]) }),
          () => ({ tlsCaCert: r.text(40, 'ABCD=') }),
          () => ({ [r.text(6, 'qwxz')]: 1 }),
          () => r.pick([null, [], 7, 'x']),
        ])();
        const res = await server.call({
          method: 'PATCH',
          url: `${OS}/${target.resourceId}`,
          payload: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
        assert.equal(
          res.statusCode,
          400,
          `#${i} ${JSON.stringify(body)} -> ${res.statusCode} ${res.body.slice(0, 200)}`,
        );
      }
      const after = (await server.call({ method: 'GET', url: `${OS}/${target.resourceId}` })).json();
      assert.deepEqual(after, target);
    });
  });
}
