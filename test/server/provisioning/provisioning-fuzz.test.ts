import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isErrorCode } from '../../../src/core/errors/index.js';
import { seededRandom, type SeededRandom } from '../../support/seeded-random.js';
import { serverBackends } from '../support/server-backends.js';
import {
  ScriptedAgent,
  newNode,
  startProvisioningFixture,
  type ProvisioningFixture,
} from './provisioning-fixture.js';

// Bounded fuzzing of the host, instance, CSV-check, node and onboarding routes: random and
// malformed bodies, huge strings, unknown fields, wrong types, non-JSON. Every answer is below
// 500, and every refusal carries a registered error code. Bounded by count and by time.
const SEED = 0x9f0e2026;
const PER_ROUTE = 120;
/** Per store: past this, the remaining draws are skipped (a loaded machine still finishes). */
const TIME_BUDGET_MS = 90_000;
const P = '/v1/projects/alpha/compute';
const slots = await serverBackends('provfuzz');

const WEIRD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\n\r',
  '😀',
  '%00',
  '"',
  "'; DROP TABLE hosts; --",
  '\\',
  '<script>',
  '\u202e',
  'a'.repeat(300),
  'x'.repeat(70_000),
  '💥'.repeat(5000),
  '00000000-0000-0000-0000-000000000000',
  'ABCDE12345',
  'host-00000000',
  'HOST_STATE_ONBOARDED',
  'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
];
const SCALARS: readonly unknown[] = [null, 0, -1, 1.5, 2 ** 53, -1e308, 1e308, true, false, '', 'x'];

/** An arbitrary JSON value, depth-bounded. */
function randomJson(r: SeededRandom, depth = 0): unknown {
  const choice = r.int(depth > 2 ? 3 : 5);
  if (choice === 0) return r.pick(SCALARS);
  if (choice === 1) return r.pick(WEIRD_STRINGS);
  if (choice === 2) return r.text(r.int(40), 'abcXYZ019-_:/.=&');
  if (choice === 3) return Array.from({ length: r.int(4) }, () => randomJson(r, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = r.int(5); i > 0; i--)
    out[r.pick(['a', 'name', 'uuid', r.text(6, 'qwerty'), '__proto__', 'constructor'])] = randomJson(
      r,
      depth + 1,
    );
  return out;
}

/** `valid` with one field broken, an unknown field added, or replaced by junk. */
function mutate(r: SeededRandom, valid: Record<string, unknown>): unknown {
  const keys = Object.keys(valid);
  switch (r.int(7)) {
    case 0:
      return { ...valid, [r.pick(keys)]: randomJson(r) };
    case 1:
      return { ...valid, [r.pick(keys)]: r.pick(WEIRD_STRINGS) };
    case 2:
      return {
        ...valid,
        [r.pick(['surprise', 'resourceId', '__proto__', 'hostId ', r.text(8, 'abc')])]: randomJson(r),
      };
    case 3: {
      const copy = { ...valid };
      delete copy[r.pick(keys)];
      return copy;
    }
    case 4:
      return randomJson(r);
    case 5:
      return Object.fromEntries(keys.map((key) => [key, r.next() < 0.5 ? valid[key] : randomJson(r)]));
    default:
      return [valid];
  }
}

/** A raw payload that is not the JSON it claims to be, or is too large. */
function rawPayload(r: SeededRandom): string {
  return r.pick([
    '',
    '{',
    '{"a":',
    'null',
    '[]',
    '"string"',
    '{"rows": [' + '{"line":1,"osProfile":"x"},'.repeat(3) + ']',
    '\u0000\u0001',
    `{"name": "${'n'.repeat(2 * 1024 * 1024)}"}`,
    '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
  ]);
}

for (const slot of slots) {
  describe(`provisioning routes under bounded fuzzing on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    let f: ProvisioningFixture;
    let hostId = '';
    let osId = '';
    let agent: ScriptedAgent;
    before(async () => {
      f = await startProvisioningFixture(await slot.backend!.open());
      assert.equal((await f.call('POST', '/v1/projects', { name: 'alpha' })).statusCode, 201);
      const node = newNode();
      hostId = (await f.call('POST', `${P}/hosts/register`, { ...node, autoOnboard: true })).json()
        .resourceId;
      const filter = encodeURIComponent('osType=MUTABLE AND securityFeature=NONE');
      osId = (await f.call('GET', `${P}/os?filter=${filter}`)).json().OperatingSystemResources[0].resourceId;
      assert.equal((await f.call('POST', `${P}/instances`, { hostID: hostId, osID: osId })).statusCode, 200);
      agent = new ScriptedAgent(f, node);
      await agent.onboarded();
    });
    after(async () => {
      await f?.close();
      await slot.backend?.dispose();
    });

    test('random, malformed, huge and unknown-field bodies: 4xx with a registered code, never 5xx', async (t) => {
      const r = seededRandom(SEED);
      const started = Date.now();
      const statuses = new Map<number, number>();
      let sent = 0;
      const routes: {
        name: string;
        send: (body: unknown, raw?: string) => Promise<{ statusCode: number; body: string }>;
      }[] = [
        {
          name: 'register',
          send: (body, raw) => f.app.inject(req('POST', `${P}/hosts/register`, body, raw, true)),
        },
        {
          name: 'patch host',
          send: (body, raw) =>
            f.app.inject(
              req(
                'PATCH',
                `${P}/hosts/${hostId}?fieldMask=${encodeURIComponent(r.pick(['', 'name', 'siteId,metadata', 'bogus', r.text(5, 'a,_')]))}`,
                body,
                raw,
                true,
              ),
            ),
        },
        {
          name: 'instances',
          send: (body, raw) => f.app.inject(req('POST', `${P}/instances`, body, raw, true)),
        },
        {
          name: 'import-check',
          send: (body, raw) => f.app.inject(req('POST', `${P}/hosts/import-check`, body, raw, true)),
        },
        {
          name: 'agent events',
          send: (body, raw) =>
            f.app.inject({
              ...req('POST', '/v1/agent/events', body, raw, false),
              headers: {
                authorization: `Bearer ${r.next() < 0.8 ? agent.credential : r.pick(['en_bogus', 'x', ''])}`,
                'content-type': 'application/json',
              },
            }),
        },
        { name: 'onboard', send: (body, raw) => f.app.inject(req('POST', '/v1/onboard', body, raw, false)) },
      ];
      const admin = await f.token('alpha', 'write');
      function req(method: string, url: string, body: unknown, raw: string | undefined, auth: boolean) {
        return {
          method: method as 'POST',
          url,
          headers: {
            'content-type': 'application/json',
            ...(auth ? { authorization: `Bearer ${admin}` } : {}),
          },
          payload: raw ?? JSON.stringify(body),
        };
      }
      const valid: Record<string, Record<string, unknown>> = {
        register: {
          name: 'fz',
          serialNumber: 'FUZZ0001',
          uuid: '',
          autoOnboard: false,
          enableVpro: false,
          userLvmSize: 0,
        },
        'patch host': {
          name: 'renamed',
          siteId: '',
          metadata: [{ key: 'a', value: 'b' }],
          desiredState: 'HOST_STATE_ONBOARDED',
        },
        instances: {
          hostID: hostId,
          osID: osId,
          kind: 'INSTANCE_KIND_METAL',
          securityFeature: 'SECURITY_FEATURE_NONE',
        },
        'import-check': {
          rows: [{ line: 2, serialNumber: 'FUZZ0002', osProfile: osId, metadata: 'a=b', lvmSize: '1' }],
        },
        'agent events': {
          attempt: 1,
          seq: 1,
          step: 'secure-boot-check',
          state: 'running',
          bytesDone: 0,
          bytesTotal: 0,
        },
        onboard: { uuid: '', serialNumber: 'FUZZ0003', macs: ['52:54:00:00:00:09'] },
      };
      outer: for (let i = 0; i < PER_ROUTE; i++) {
        for (const route of routes) {
          if (Date.now() - started > TIME_BUDGET_MS) break outer;
          const useRaw = r.next() < 0.12;
          const body = mutate(r, valid[route.name]!);
          const raw = useRaw ? rawPayload(r) : undefined;
          const res = await route.send(body, raw);
          sent += 1;
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          const shown = `${route.name} ${(raw ?? JSON.stringify(body)).slice(0, 160)} -> ${res.statusCode} ${res.body.slice(0, 200)}`;
          assert.ok(res.statusCode < 500, shown);
          if (res.statusCode >= 400) {
            const answer = JSON.parse(res.body) as { code?: unknown; message?: unknown };
            assert.ok(isErrorCode(answer.code), `unregistered code: ${shown}`);
            assert.equal(typeof answer.message, 'string', shown);
          }
        }
      }
      // The bound is real: most draws ran even on a loaded machine, and most were refused.
      assert.ok(sent >= Math.min(routes.length * PER_ROUTE, 200), `only ${sent} requests in the time budget`);
      const refused = [...statuses].filter(([s]) => s >= 400).reduce((n, [, c]) => n + c, 0);
      assert.ok(refused > sent / 2, `refused ${refused} of ${sent}: ${JSON.stringify([...statuses])}`);
      t.diagnostic(
        `${sent} requests in ${Date.now() - started} ms; statuses ${JSON.stringify([...statuses].sort())}`,
      );
      // The host the fuzz aimed at still reads as one well-formed host.
      const host = await f.call('GET', `${P}/hosts/${hostId}`);
      assert.equal(host.statusCode, 200, host.body);
    });
  });
}
