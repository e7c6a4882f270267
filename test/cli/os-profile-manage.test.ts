import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { OsProfileResource as Profile } from '../../src/api/os-profile-schemas.js';
import { startCliFixture, type CliFixture } from './support/cli-fixture.js';
import { flagCreateArgs } from './support/flag-create-args.js';

let fx: CliFixture;
/** Two custom profiles created through the CLI before the tests. */
let alpha: Profile;
let beta: Profile;

const create = async (name: string, profileName: string, extra: string[] = []) => {
  const r = await fx.cli(flagCreateArgs(fx, { name, profileName, extra }));
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Profile;
};

before(async () => {
  fx = await startCliFixture();
  [alpha, beta] = await Promise.all([
    create('Alpha *star*', 'ubuntu-alpha', ['--tls-cert', fx.leafBase64]),
    create('Beta', 'ubuntu-beta', ['--metadata', 'skip_kernel_upgrade=true']),
  ]);
});
after(async () => {
  await fx?.close();
});

describe('list', () => {
  test('table, wide, json, yaml; every alias; all pages; filter and order', async () => {
    const [table, wide, asJson, asYaml, paged, filtered, ls] = await Promise.all([
      fx.cli(['os-profile', 'list']),
      fx.cli(['list', 'osprofile', '-o', 'wide']),
      fx.cli(['list', 'osprofiles', '-o', 'json']),
      fx.cli(['list', 'osp', '-o', 'yaml']),
      fx.cli(['os-profile', 'list', '--page-size', '2', '-o', 'json']),
      fx.cli(['list', 'osp', '-f', 'osType = IMMUTABLE', '--order-by', 'name desc', '-o', 'json']),
      fx.cli(['os-profile', 'ls', '-f', 'source = "custom"']),
    ]);
    for (const r of [table, wide, asJson, asYaml, paged, filtered, ls]) assert.equal(r.code, 0, r.stderr);
    const lines = table.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^NAME +PROFILE +TYPE +VERSION +SECURITY +SOURCE +VALIDATION +RESOURCE ID$/);
    assert.equal(lines.length, 1 + 7 + 2, 'header, the seven defaults and the two custom profiles');
    const betaLine = lines.find((l) => l.startsWith('Beta '));
    assert.match(
      betaLine ?? '',
      new RegExp(
        `^Beta +ubuntu-beta +MUTABLE +22\\.04\\.5 +NONE +custom +(pending|running|passed|warned|failed|cancelled|-) +${beta.resourceId}$`,
      ),
    );
    assert.match(
      lines.find((l) => l.startsWith('Edge Microvisor Toolkit 3.0')) ?? '',
      / IMMUTABLE .* SB_FDE +default /,
    );
    assert.match(
      wide.stdout.split('\n')[0]!,
      /SOURCE +VALIDATION +RESOURCE ID +PROVIDER +ARCH +CERTIFICATE +IMAGE URL$/,
    );
    assert.ok(wide.stdout.includes(fx.imageUrl('ubuntu.img')));
    const all = JSON.parse(asJson.stdout) as Profile[];
    assert.equal(all.length, 9);
    assert.deepEqual(
      all.find((p) => p.resourceId === alpha.resourceId),
      alpha,
      'JSON output is the API resource as returned',
    );
    assert.deepEqual(parse(asYaml.stdout), all);
    assert.deepEqual(
      (JSON.parse(paged.stdout) as Profile[]).map((p) => p.resourceId),
      all.map((p) => p.resourceId),
      '--page-size 2 still reads every page',
    );
    const immutable = JSON.parse(filtered.stdout) as Profile[];
    assert.equal(immutable.length, 4);
    assert.deepEqual(
      immutable.map((p) => p.name),
      immutable
        .map((p) => p.name)
        .sort()
        .reverse(),
    );
    assert.equal(ls.stdout.trimEnd().split('\n').length, 3);
  });

  test('a bad filter or page size is refused', async () => {
    const [filter, size, format] = await Promise.all([
      fx.cli(['list', 'osp', '-f', 'colour = "red"']),
      fx.cli(['list', 'osp', '--page-size', '500']),
      fx.cli(['list', 'osp', '-o', 'xml']),
    ]);
    assert.equal(filter.code, 1);
    assert.match(filter.stderr, /^error: .*colour/);
    assert.equal(size.code, 2);
    assert.match(size.stderr, /--page-size.*must be a whole number from 1 to 100/);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /-o\/--output must be one of table, wide, json, yaml, not "xml"/);
  });
});

describe('get', () => {
  test('by name or id, every alias; the certificate summarised; json/yaml as returned', async () => {
    const [byName, byId, asYaml, osp, missing] = await Promise.all([
      fx.cli(['os-profile', 'get', 'Alpha *star*']),
      fx.cli(['get', 'osprofile', alpha.resourceId, '-o', 'json']),
      fx.cli(['get', 'osprofiles', 'Beta', '-o', 'yaml']),
      fx.cli(['get', 'osp', 'Alpha']),
      fx.cli(['get', 'osp', 'os-00000000']),
    ]);
    assert.equal(byName.code, 0, byName.stderr);
    const text = byName.stdout;
    assert.match(text, new RegExp(`^Resource ID: +${alpha.resourceId}$`, 'm'));
    assert.match(text, /^Certificate: *$/m);
    assert.match(text, /^ {2}subject: +CN=localhost$/m);
    assert.match(text, /^ {2}issuer: +CN=edge-orch test CA$/m);
    assert.match(text, /^ {2}valid: +\d{4}-\d\d-\d\dT.* to \d{4}-\d\d-\d\dT/m);
    assert.ok(text.includes(`  sha256:`) && text.includes(fx.leafFingerprint));
    assert.ok(!text.includes(alpha.tlsCaCert), 'the base64 certificate is not dumped');
    assert.deepEqual(JSON.parse(byId.stdout), alpha);
    assert.equal((parse(asYaml.stdout) as Profile).resourceId, beta.resourceId);
    assert.match(asYaml.stdout, /metadata: '\{"skip_kernel_upgrade":"true"\}'/);
    assert.equal(osp.code, 1, 'names match exactly: "Alpha" is not "Alpha *star*"');
    assert.equal(osp.stderr, 'error: OS profile "Alpha" not found in project "default"\n');
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'error: OS profile os-00000000 not found in project "default"\n');
  });
});

describe('update', () => {
  test('metadata, description, architecture and the certificate, by name or id, every alias', async () => {
    const a = await fx.cli([
      'os-profile',
      'update',
      'Beta',
      '--metadata',
      'kernelversion=linux-image-5.15.0-1035-generic',
      '--description',
      'lab',
      '-o',
      'json',
    ]);
    assert.equal(a.code, 0, a.stderr);
    const p = JSON.parse(a.stdout) as Profile;
    assert.deepEqual(JSON.parse(p.metadata), { kernelversion: 'linux-image-5.15.0-1035-generic' });
    assert.equal(p.description, 'lab');
    const [b, c, d] = await Promise.all([
      fx.cli(['update', 'osprofile', beta.resourceId, '--tls-cert', fx.caBase64]),
      fx.cli(['update', 'osp', 'Alpha *star*', '--tls-cert', '', '--architecture', 'aarch64', '-o', 'json']),
      fx.cli(['update', 'osprofiles', 'Beta', '--metadata', '', '--tls-cert-file', fx.pemPath, '-o', 'yaml']),
    ]);
    for (const r of [b, c, d]) assert.equal(r.code, 0, r.stderr);
    assert.match(b.stdout, new RegExp(`^OS profile "Beta" \\(${beta.resourceId}\\) updated\\n$`));
    const cleared = JSON.parse(c.stdout) as Profile;
    assert.equal(cleared.tlsCaCert, '');
    assert.equal(cleared.architecture, 'aarch64');
    const last = parse(d.stdout) as Profile;
    assert.equal(last.metadata, '');
    assert.equal(last.tlsCaCertInfo[0]!.sha256Fingerprint, fx.leafFingerprint);
  });

  test('bad updates: nothing to change (2), broken rules reported before any request (1)', async () => {
    const dead = { env: { ORCH_API_ENDPOINT: fx.deadEndpoint } };
    const [nothing, boolean, cert] = await Promise.all([
      fx.cli(['os-profile', 'update', 'Beta']),
      fx.cli(['os-profile', 'update', 'Beta', '--metadata', 'skip_kernel_upgrade=maybe'], dead),
      fx.cli(['update', 'osp', 'Beta', '--tls-cert', 'bm90IGEgY2VydA=='], dead),
    ]);
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /^error: nothing to change/);
    assert.equal(boolean.code, 1);
    assert.equal(
      boolean.stderr,
      'error: metadata "skip_kernel_upgrade" must be "true" or "false", not "maybe".\n',
    );
    assert.equal(cert.code, 1);
    assert.match(cert.stderr, /^error: tlsCaCert/);
  });
});

describe('delete', () => {
  test('asks nothing without a terminal: --yes is required; every alias; not found', async () => {
    const [a, b] = await Promise.all([
      create('Delete me 1', 'ubuntu-del1'),
      create('Delete me 2', 'ubuntu-del2'),
    ]);
    const c = await create('Delete me 3', 'ubuntu-del3');
    const refused = await fx.cli(['os-profile', 'delete', 'Delete me 1']);
    assert.equal(refused.code, 2);
    assert.equal(
      refused.stderr,
      'error: stdin is not a terminal, so nothing can be confirmed: add --yes to delete\n',
    );
    const [d1, d2, d3] = await Promise.all([
      fx.cli(['delete', 'osprofile', 'Delete me 1', '--yes']),
      fx.cli(['delete', 'osp', b.resourceId, '-y']),
      fx.cli(['os-profile', 'rm', 'Delete me 3', '--yes']),
    ]);
    assert.equal(d1.stdout, `OS profile "Delete me 1" (${a.resourceId}) deleted\n`);
    assert.equal(d2.stdout, `OS profile "Delete me 2" (${b.resourceId}) deleted\n`);
    assert.equal(d3.stdout, `OS profile "Delete me 3" (${c.resourceId}) deleted\n`);
    const [gone, again] = await Promise.all([
      fx.cli(['get', 'osp', a.resourceId]),
      fx.cli(['delete', 'osprofiles', 'Delete me 1', '--yes']),
    ]);
    assert.equal(gone.code, 1);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, 'error: OS profile "Delete me 1" not found in project "default"\n');
  });

  test("a profile in use is refused with orchd's message and the hosts using it", async () => {
    const used = await create('In use', 'ubuntu-in-use');
    const now = new Date().toISOString();
    const db = fx.orchd.store.db;
    for (const [id, name] of [
      ['host-0000aaaa', 'edge-1'],
      ['host-0000bbbb', ''],
    ] as const) {
      await db
        .insertInto('hosts')
        .values({
          project: 'default',
          resource_id: id,
          name,
          serial_number: `SN${id.slice(5)}`,
          uuid: '',
          created_at: now,
          updated_at: now,
        })
        .execute();
      await db
        .insertInto('instances')
        .values({
          project: 'default',
          resource_id: `inst-${id.slice(5)}`,
          name: '',
          host_id: id,
          os_id: used.resourceId,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    const r = await fx.cli(['delete', 'osp', 'In use', '--yes']);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `error: OS profile "In use" (${used.resourceId}) is used by 2 hosts: host-0000aaaa (edge-1), host-0000bbbb\n` +
        'hosts using it:\n  host-0000aaaa (edge-1)\n  host-0000bbbb\n',
    );
  });
});
