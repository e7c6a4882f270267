import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverBackends } from '../support/server-backends.js';
import { ubuntuBody } from '../support/profile-bodies.js';
import { QEMU_E1000E } from '../../support/sysfs/fake-sysfs.js';
import {
  newNode,
  recordValidation,
  startProvisioningFixture,
  type ProvisioningFixture,
} from './provisioning-fixture.js';

const slots = await serverBackends('hostimport');
const P = '/v1/projects/alpha';
const CHECK = `${P}/compute/hosts/import-check`;

interface RowResult {
  line: number;
  ok: boolean;
  errors: { code: string; field?: string; message: string }[];
  notes: string[];
}

for (const slot of slots) {
  describe(`host CSV dry run (import-check) on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    let f: ProvisioningFixture;
    let plain: { resourceId: string; name: string };
    let secure: { resourceId: string; name: string };
    let pendingId = '';
    let failedId = '';
    let siteId = '';
    before(async () => {
      f = await startProvisioningFixture(await slot.backend!.open());
      for (const name of ['alpha', 'beta']) {
        assert.equal((await f.call('POST', '/v1/projects', { name })).statusCode, 201);
      }
      const list = async (filter: string) =>
        (await f.call('GET', `${P}/compute/os?filter=${encodeURIComponent(filter)}`)).json()
          .OperatingSystemResources[0];
      plain = await list('osType=MUTABLE AND securityFeature=NONE');
      secure = await list('securityFeature=SB_FDE');
      assert.ok(plain && secure);
      const pending = await f.call(
        'POST',
        `${P}/compute/os`,
        ubuntuBody({ name: 'pending image', validate: false }),
      );
      assert.equal(pending.statusCode, 200, pending.body);
      pendingId = pending.json().resourceId;
      const failed = await f.call(
        'POST',
        `${P}/compute/os`,
        ubuntuBody({ name: 'failed image', imageId: '22.04.8', validate: false }),
      );
      failedId = failed.json().resourceId;
      await recordValidation(f.store, 'alpha', failedId, {
        state: 'failed',
        checks: [{ id: 'image.sha256', status: 'fail', message: 'sha256 differs' }],
      });
      const region = (await f.call('POST', `${P}/regions`, { name: 'eu' })).json().resourceId;
      siteId = (await f.call('POST', `${P}/regions/${region}/sites`, { name: 'lab-9' })).json().resourceId;
    });
    after(async () => {
      await f?.close();
      await slot.backend?.dispose();
    });

    const check = async (rows: object[], project = 'alpha', secret?: string) => {
      const res = await f.call(
        'POST',
        `/v1/projects/${project}/compute/hosts/import-check`,
        { rows },
        secret,
      );
      return res;
    };
    const rowsOf = async (rows: object[]) => {
      const res = await check(rows);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json() as { rows: RowResult[]; okCount: number; failedCount: number };
      assert.equal(body.rows.length, rows.length);
      assert.equal(body.okCount + body.failedCount, rows.length);
      return body;
    };
    const codes = (row: RowResult) => row.errors.map((e) => `${e.field}:${e.code}`);

    test('good rows pass: by profile name or id, site by id or name, metadata, LVM size; lines echoed', async () => {
      const a = newNode();
      const b = newNode();
      const c = newNode();
      const body = await rowsOf([
        { line: 2, ...a, osProfile: plain.name, site: siteId, metadata: 'env=lab&rack=r1', lvmSize: '20' },
        { line: 3, uuid: b.uuid, osProfile: plain.resourceId, site: 'lab-9' },
        { line: 7, serialNumber: c.serialNumber, osProfile: secure.name, secure: true },
      ]);
      assert.deepEqual(
        body.rows.map((r) => [r.line, r.ok, r.errors]),
        [
          [2, true, []],
          [3, true, []],
          [7, true, []],
        ],
      );
      assert.equal(body.okCount, 3);
      assert.match(body.rows[0]!.notes.join(' '), /default profile: its image is not validated/);
      // Nothing was written.
      const listed = await f.call(
        'GET',
        `${P}/compute/hosts?filter=${encodeURIComponent(`uuid='${a.uuid}'`)}`,
      );
      assert.equal(listed.json().totalElements, 0);
    });

    test('bad rows name the field and the registry code the real call would answer', async () => {
      const n = newNode();
      const body = await rowsOf([
        { line: 2, osProfile: plain.name },
        { line: 3, serialNumber: 'ab', uuid: 'not-a-uuid', osProfile: plain.name },
        { line: 4, ...newNode(), osProfile: 'no such profile' },
        { line: 5, ...newNode(), osProfile: plain.name, secure: true },
        { line: 6, ...newNode(), osProfile: failedId },
        { line: 7, ...newNode(), osProfile: plain.name, site: 'nowhere' },
        { line: 8, ...newNode(), osProfile: plain.name, metadata: 'novalue&Upper=x' },
        { line: 9, ...newNode(), osProfile: plain.name, lvmSize: 'ten' },
        { line: 10, ...newNode(), osProfile: plain.name, remoteUser: 'admin', cloudInitMeta: 'cfg1' },
        { line: 11, ...n, osProfile: pendingId },
      ]);
      const [noKey, malformed, noProfile, mismatch, failed, noSite, badMeta, badLvm, unsupported, pending] =
        body.rows as [
          RowResult,
          RowResult,
          RowResult,
          RowResult,
          RowResult,
          RowResult,
          RowResult,
          RowResult,
          RowResult,
          RowResult,
        ];
      assert.deepEqual(codes(noKey), ['uuid:InvalidArgument']);
      assert.match(noKey.errors[0]!.message, /either UUID or SerialNumber must be set/);
      assert.deepEqual(codes(malformed), ['serialNumber:InvalidArgument', 'uuid:InvalidArgument']);
      assert.match(malformed.errors[0]!.message, /serialNumber "ab" must be 5 to 20 letters or digits/);
      assert.deepEqual(codes(noProfile), ['osProfile:NotFound']);
      assert.match(noProfile.errors[0]!.message, /OS profile "no such profile" not found/);
      assert.deepEqual(codes(mismatch), ['secure:InvalidArgument']);
      assert.match(mismatch.errors[0]!.message, /^OS Profile and Security feature mismatch/);
      assert.deepEqual(codes(failed), ['osProfile:FailedPrecondition']);
      assert.match(
        failed.errors[0]!.message,
        /image validation of OS profile "failed image" .* failed: image\.sha256/,
      );
      assert.deepEqual(codes(noSite), ['site:NotFound']);
      assert.deepEqual(codes(badMeta), ['metadata:InvalidArgument']);
      assert.match(badMeta.errors[0]!.message, /metadata pair 1 "novalue" is not key=value/);
      assert.deepEqual(codes(badLvm), ['lvmSize:InvalidArgument']);
      assert.deepEqual(codes(unsupported), ['remoteUser:InvalidArgument', 'cloudInitMeta:InvalidArgument']);
      assert.equal(pending.ok, true, JSON.stringify(pending));
      assert.match(pending.notes[0]!, /image validation of OS profile "pending image" .* is still pending/);
      assert.equal(body.okCount, 1);
      assert.equal(body.failedCount, 9);
    });

    test('duplicates in the batch: a later row with the same UUID, or the same serial where one side has no UUID', async () => {
      const a = newNode();
      const b = newNode();
      const c = newNode();
      const body = await rowsOf([
        { line: 2, ...a, osProfile: plain.name },
        { line: 3, uuid: a.uuid, serialNumber: newNode().serialNumber, osProfile: plain.name },
        { line: 4, serialNumber: b.serialNumber, osProfile: plain.name },
        { line: 5, serialNumber: b.serialNumber, uuid: c.uuid, osProfile: plain.name },
        // Same serial, two different UUIDs: two machines (upstream's rule).
        { line: 6, serialNumber: c.serialNumber, uuid: newNode().uuid, osProfile: plain.name },
        { line: 7, serialNumber: c.serialNumber, uuid: newNode().uuid, osProfile: plain.name },
      ]);
      assert.deepEqual(
        body.rows.map((r) => [r.line, codes(r)]),
        [
          [2, []],
          [3, ['uuid:FailedPrecondition']],
          [4, []],
          [5, ['serialNumber:FailedPrecondition']],
          [6, []],
          [7, []],
        ],
      );
      assert.match(body.rows[1]!.errors[0]!.message, new RegExp(`uuid ${a.uuid} is also on line 2`));
      assert.match(body.rows[3]!.errors[0]!.message, /is also on line 4/);
    });

    test('a registered machine: FailedPrecondition as register answers, the holder named only in this project', async () => {
      const mine = newNode();
      const theirs = newNode();
      const held = (
        await f.call('POST', `${P}/compute/hosts/register`, { name: 'held-here', ...mine })
      ).json();
      const other = await f.call('POST', '/v1/projects/beta/compute/hosts/register', {
        name: 'secret-name',
        ...theirs,
      });
      assert.equal(other.statusCode, 200, other.body);
      const body = await rowsOf([
        { line: 2, ...mine, osProfile: plain.name },
        { line: 3, uuid: theirs.uuid.toUpperCase(), osProfile: plain.name },
        { line: 4, serialNumber: theirs.serialNumber, osProfile: plain.name },
      ]);
      const [here, elsewhere, bySerial] = body.rows as [RowResult, RowResult, RowResult];
      assert.deepEqual(codes(here), ['uuid:FailedPrecondition']);
      assert.equal(
        here.errors[0]!.message,
        `a host with uuid ${mine.uuid} is already registered: ${held.resourceId} (held-here)`,
      );
      assert.deepEqual(codes(elsewhere), ['uuid:FailedPrecondition']);
      assert.equal(elsewhere.errors[0]!.message, `a host with uuid ${theirs.uuid} is already registered`);
      assert.doesNotMatch(JSON.stringify(body), /secret-name|beta/);
      assert.deepEqual(codes(bySerial), ['serialNumber:FailedPrecondition']);
      // The same words as the real register call.
      const real = await f.call('POST', `${P}/compute/hosts/register`, { uuid: theirs.uuid });
      assert.equal(real.json().code, 'FailedPrecondition');
      assert.equal(real.json().message, elsewhere.errors[0]!.message);
    });

    test("an already registered machine with a PCI inventory: the instance call's DRIVER_MISSING from stored facts", async () => {
      const created = await f.call(
        'POST',
        `${P}/compute/os`,
        ubuntuBody({ name: 'igc only', imageId: '22.04.9', validate: false }),
      );
      assert.equal(created.statusCode, 200, created.body);
      const osId = created.json().resourceId as string;
      await recordValidation(f.store, 'alpha', osId, {
        state: 'passed',
        checks: [],
        facts: {
          kernels: [
            {
              version: '6.8.0-45-generic',
              where: ['p2:/lib/modules/6.8.0-45-generic'],
              source: 'modules.alias',
              builtinSource: null,
              modules: [{ module: 'igc', builtin: false, aliases: ['v00008086d0000125Csv*sd*bc*sc*i*'] }],
              aliasCount: 1,
              truncated: false,
            },
          ],
        },
      });
      const inventoried = newNode();
      const bare = newNode();
      const host = (await f.call('POST', `${P}/compute/hosts/register`, inventoried)).json();
      await f.call('POST', `${P}/compute/hosts/register`, bare);
      await f.store.hosts.update('alpha', host.resourceId, { pciDevices: [QEMU_E1000E] });
      const body = await rowsOf([
        { line: 2, ...inventoried, osProfile: osId },
        { line: 3, ...bare, osProfile: osId },
      ]);
      const [missing, noInventory] = body.rows as [RowResult, RowResult];
      assert.deepEqual(codes(missing), ['uuid:FailedPrecondition', 'osProfile:DRIVER_MISSING']);
      // The words POST /instances answers for the same host and profile.
      const real = await f.call('POST', `${P}/compute/instances`, { hostID: host.resourceId, osID: osId });
      assert.equal(real.json().code, 'DRIVER_MISSING', real.body);
      assert.equal(missing.errors[1]!.message, real.json().message);
      assert.match(missing.errors[1]!.message, /8086:10d3/);
      assert.deepEqual(codes(noInventory), ['uuid:FailedPrecondition']);
      // A default profile has no kernel facts: nothing to say before the node does.
      const [defaultProfile] = (await rowsOf([{ line: 2, ...inventoried, osProfile: plain.name }])).rows;
      assert.deepEqual(codes(defaultProfile!), ['uuid:FailedPrecondition']);
    });

    test('10,000 rows are checked; 10,001 rows, unknown fields and bad types answer 400 InvalidArgument', async () => {
      const many = Array.from({ length: 10_000 }, (_, i) => ({
        line: i + 2,
        serialNumber: `BULK${String(i).padStart(8, '0')}`,
        osProfile: plain.name,
      }));
      const body = await rowsOf(many);
      assert.equal(body.okCount, 10_000);
      const tooMany = await check([...many, { line: 10_002, serialNumber: 'BULKX0001', osProfile: 'x' }]);
      assert.equal(tooMany.statusCode, 400, tooMany.body);
      assert.equal(tooMany.json().code, 'InvalidArgument');
      const bad: [unknown, RegExp][] = [
        [{ rows: [{ line: 2, osProfile: 'x', surprise: 1 }] }, /unknown field 'rows.0.surprise'/],
        [{ rows: [], extra: true }, /unknown field 'extra'/],
        [{ rows: [{ line: 0, osProfile: 'x' }] }, /line/],
        [{ rows: [{ line: 2 }] }, /osProfile/],
        [{ rows: [{ line: 2, osProfile: 'x', secure: 'yes' }] }, /secure/],
        [{ rows: 'nope' }, /rows/],
        [{ rows: [{ line: 2, osProfile: 'x', uuid: 'u'.repeat(300) }] }, /uuid/],
      ];
      for (const [payload, message] of bad) {
        const res = await f.call('POST', CHECK, payload);
        assert.equal(res.statusCode, 400, `${JSON.stringify(payload).slice(0, 80)}: ${res.body}`);
        assert.equal(res.json().code, 'InvalidArgument');
        assert.match(res.json().message, message);
      }
    });

    test("PATCH of a host's metadata applies the same key and value rules", async () => {
      const host = (await f.call('POST', `${P}/compute/hosts/register`, { ...newNode() })).json();
      const good = await f.call('PATCH', `${P}/compute/hosts/${host.resourceId}`, {
        metadata: [{ key: 'example.com/rack', value: 'r1' }],
      });
      assert.equal(good.statusCode, 200, good.body);
      const bad = await f.call('PATCH', `${P}/compute/hosts/${host.resourceId}`, {
        metadata: [{ key: 'Rack', value: 'r1' }],
      });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.equal(bad.json().code, 'InvalidArgument');
      assert.match(bad.json().message, /metadata key "Rack" must be lower-case/);
    });

    test('roles: a read token is refused, a write token of another project is refused, unknown project 404', async () => {
      const row = { line: 2, ...newNode(), osProfile: plain.name };
      const reader = await f.token('alpha', 'read');
      assert.equal((await check([row], 'alpha', reader)).statusCode, 403);
      const betaWriter = await f.token('beta', 'write');
      assert.equal((await check([row], 'alpha', betaWriter)).statusCode, 403);
      const writer = await f.token('alpha', 'write');
      assert.equal((await check([row], 'alpha', writer)).statusCode, 200);
      const missing = await check([row], 'nosuch');
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().code, 'NotFound');
    });
  });
}
