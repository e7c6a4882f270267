import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { OsProfileResource as Profile } from '../../src/api/os-profile-schemas.js';
import { startCliFixture, type CliFixture } from './support/cli-fixture.js';
import { flagCreateArgs } from './support/flag-create-args.js';

let fx: CliFixture;
before(async () => {
  fx = await startCliFixture();
});
after(async () => {
  await fx?.close();
});

/** The create flags for a Ubuntu profile named `name` (profileName and version unique per name). */
const flagArgs = (name: string, extra: readonly string[] = []) =>
  flagCreateArgs(fx, {
    name,
    profileName: `ubuntu-22.04-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    extra,
  });

const json = (text: string) => JSON.parse(text) as Profile;

describe('os-profile create, flag form', () => {
  test('every certificate input form: base64 leaf, base64 CA, PEM file, DER file, PEM text, env TLS_CERT', async () => {
    const derPath = join(fx.orchd.dir, 'server_cert.der');
    await writeFile(derPath, new X509Certificate(fx.capturedPem).raw);
    const [leaf, ca, file, pemText, env, der] = await Promise.all([
      fx.cli(
        flagArgs('Cert base64 leaf', [
          '--tls-cert',
          fx.leafBase64,
          '--metadata',
          'a=1,b=2',
          '--metadata',
          'c=3',
        ]),
      ),
      fx.cli(flagArgs('Cert base64 CA', ['--tls-cert', fx.caBase64, '--security-feature', 'SB_FDE'])),
      fx.cli(flagArgs('Cert PEM file', ['--tls-cert-file', fx.pemPath, '--description', 'from a file'])),
      fx.cli(flagArgs('Cert PEM text', ['--tls-cert', fx.capturedPem, '--provider', 'INFRA'])),
      fx.cli(flagArgs('Cert env', ['--architecture', 'x86_64']), { env: { TLS_CERT: fx.leafBase64 } }),
      fx.cli(flagArgs('Cert DER file', ['--tls-cert-file', derPath])),
    ]);
    for (const r of [leaf, ca, file, pemText, env, der]) assert.equal(r.code, 0, r.stderr);
    for (const r of [leaf, file, pemText, env, der]) {
      const p = json(r.stdout);
      assert.equal(p.tlsCaCertInfo.length, 1);
      assert.equal(p.tlsCaCertInfo[0]!.subject, 'CN=localhost');
      assert.equal(p.tlsCaCertInfo[0]!.issuer, 'CN=edge-orch test CA');
      assert.equal(p.tlsCaCertInfo[0]!.sha256Fingerprint, fx.leafFingerprint);
      assert.equal(Buffer.from(p.tlsCaCert, 'base64').toString(), fx.capturedPem);
      assert.equal(p.osType, 'OS_TYPE_MUTABLE');
      assert.equal(p.sha256, fx.sha256);
      assert.equal(p.imageUrl, fx.imageUrl('ubuntu.img'));
    }
    const caProfile = json(ca.stdout);
    assert.equal(caProfile.tlsCaCertInfo[0]!.subject, 'CN=edge-orch test CA');
    assert.equal(caProfile.tlsCaCertInfo[0]!.isCA, true);
    assert.equal(caProfile.securityFeature, 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION');
    assert.deepEqual(JSON.parse(json(leaf.stdout).metadata), { a: '1', b: '2', c: '3' });
    assert.equal(json(file.stdout).description, 'from a file');
    assert.match(
      env.stderr,
      /^note: using the image server certificate from \$TLS_CERT \(\d+ characters\)$/m,
    );
    assert.doesNotMatch(leaf.stderr, /TLS_CERT/, 'an explicit flag wins over the environment');
  });

  test('the documented command as written: defaults for profile name and version are said on stderr', async () => {
    const r = await fx.cli(
      [
        'os-profile',
        'create',
        '--name',
        'Ubuntu 24.04 seed',
        '--type',
        'MUTABLE',
        '--image-url',
        fx.imageUrl('ubuntu.img'),
        '--checksum',
        fx.sha256.toUpperCase(),
      ],
      { env: { TLS_CERT: fx.leafBase64 } },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^OS profile "Ubuntu 24\.04 seed" \(os-[0-9a-f]{8}\) created\n$/);
    assert.match(r.stderr, /note: --profile-name not given: using "ubuntu-24\.04-seed"/);
    assert.match(r.stderr, /note: --os-version not given: using "24\.04"/);
  });

  test("a duplicate name is refused with orchd's message and exit 1", async () => {
    const first = await fx.cli(flagArgs('Dup name'));
    assert.equal(first.code, 0, first.stderr);
    const id = json(first.stdout).resourceId;
    const again = await fx.cli(flagArgs('Dup name'));
    assert.equal(again.code, 1);
    assert.equal(again.stderr, `error: OS profile "Dup name" already exists (${id})\n`);
    assert.equal(again.stdout, '');
  });
});

describe('EMF manifests', () => {
  const write = async (name: string, text: string) => {
    const path = join(fx.orchd.dir, name);
    await writeFile(path, text);
    return path;
  };

  test('tlsCert / tlsCaCert / tlsCaCertificate, metadata map or block, platformBundle string or object', async () => {
    const spec = (name: string, profileName: string) => `appVersion: apps/v1
metadata:
  release: 0.0.0-dev
  version: 0.2.0
spec:
  name: ${name}
  type: OPERATING_SYSTEM_TYPE_MUTABLE
  provider: OPERATING_SYSTEM_PROVIDER_INFRA
  architecture: x86_64
  profileName: ${profileName}
  osImageUrl: ${fx.imageUrl('ubuntu.img')}
  osImageVersion: 22.04.5
  osImageSha256: ${fx.sha256}
  securityFeature: SECURITY_FEATURE_NONE
  description: from a manifest
`;
    const m1 = await write(
      'm1.yaml',
      spec('Manifest tlsCert', 'ubuntu-m1') +
        `  tlsCert: ${fx.leafBase64}\n  metadata:\n    skip_kernel_upgrade: "true"\n  platformBundle: "{\\"a\\":1}"\n`,
    );
    const m2 = await write(
      'm2.yaml',
      spec('Manifest tlsCaCert', 'ubuntu-m2') +
        `  tlsCaCert: ${fx.caBase64}\n  metadata: |\n    kernelversion: linux-image-5.15.0-1035-generic\n    standalone-node: "false"\n  platformBundle:\n    cloudInitScript: x\n    artifacts: [a, b]\n  osPackageManifestURL: https://example.test/pkgs.json\n`,
    );
    const m3 = await write(
      'm3.yaml',
      `spec:
  name: Manifest tlsCaCertificate
  type: IMMUTABLE
  profileName: microvisor-m3
  osImageUrl: ${fx.imageUrl('emt.raw.gz')}
  osImageVersion: 3.0.20261101.0100
  osImageSha256: ${fx.sha256}
  securityFeature: SB_FDE
  tlsCaCertificate: |
${fx.capturedPem
  .trim()
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
`,
    );
    const m4 = await write('m4.yaml', spec('Manifest via -f', 'ubuntu-m4'));
    const [r1, r2, r3, r4] = await Promise.all([
      fx.cli(['create', 'osprofile', m1, '-o', 'json']),
      fx.cli(['create', 'osprofiles', m2, '-o', 'yaml']),
      fx.cli(['create', 'osp', m3]),
      fx.cli(['os-profile', 'create', '-f', m4, '-o', 'json']),
    ]);
    for (const r of [r1, r2, r3, r4]) assert.equal(r.code, 0, r.stderr);
    const p1 = json(r1.stdout);
    assert.equal(p1.tlsCaCertInfo[0]!.sha256Fingerprint, fx.leafFingerprint);
    assert.deepEqual(JSON.parse(p1.metadata), { skip_kernel_upgrade: 'true' });
    assert.equal(p1.platformBundle, '{"a":1}');
    assert.equal(p1.description, 'from a manifest');
    const p2 = parse(r2.stdout) as Profile;
    assert.equal(p2.tlsCaCertInfo[0]!.subject, 'CN=edge-orch test CA');
    assert.deepEqual(JSON.parse(p2.metadata), {
      kernelversion: 'linux-image-5.15.0-1035-generic',
      'standalone-node': 'false',
    });
    assert.deepEqual(JSON.parse(p2.platformBundle), { cloudInitScript: 'x', artifacts: ['a', 'b'] });
    assert.equal(p2.installedPackagesUrl, 'https://example.test/pkgs.json');
    assert.doesNotMatch(r2.stderr, /note:/);
    assert.match(r3.stdout, /^OS profile "Manifest tlsCaCertificate" \(os-[0-9a-f]{8}\) created\n$/);
    const p3 = json((await fx.cli(['get', 'osp', 'Manifest tlsCaCertificate', '-o', 'json'])).stdout);
    assert.equal(p3.osType, 'OS_TYPE_IMMUTABLE');
    assert.equal(p3.osFamily, 'emt');
    assert.equal(p3.tlsCaCertInfo[0]!.sha256Fingerprint, fx.leafFingerprint);
    const p4 = json(r4.stdout);
    assert.equal(p4.tlsCaCert, '');
    assert.equal(p4.name, 'Manifest via -f');
  });

  test('manifest problems: unknown keys, two different certificates, no spec, unreadable file', async () => {
    const unknown = await write('bad1.yaml', 'spec:\n  name: x\n  colour: red\n');
    const twoCerts = await write(
      'bad2.yaml',
      `spec:\n  name: x\n  tlsCert: ${fx.leafBase64}\n  tlsCaCert: ${fx.caBase64}\n`,
    );
    const noSpec = await write('bad3.yaml', 'name: x\n');
    const [a, b, c, d] = await Promise.all([
      fx.cli(['create', 'osprofile', unknown], { env: { ORCH_API_ENDPOINT: fx.deadEndpoint } }),
      fx.cli(['create', 'osprofile', twoCerts], { env: { ORCH_API_ENDPOINT: fx.deadEndpoint } }),
      fx.cli(['create', 'osprofile', noSpec], { env: { ORCH_API_ENDPOINT: fx.deadEndpoint } }),
      fx.cli(['create', 'osprofile', join(fx.orchd.dir, 'missing.yaml')]),
    ]);
    assert.equal(a.code, 1);
    assert.match(a.stderr, /^error: unknown spec key\(s\) colour; accepted keys are name, type, /);
    assert.equal(b.code, 1);
    assert.equal(
      b.stderr,
      'error: spec sets tlsCert and tlsCaCert to different certificates; keep one of them\n',
    );
    assert.equal(c.code, 1);
    assert.match(c.stderr, /has no "spec" map/);
    assert.equal(d.code, 2);
    assert.match(d.stderr, /^error: cannot read manifest .*missing\.yaml: ENOENT/);
  });
});
