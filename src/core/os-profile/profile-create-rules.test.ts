import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  base64Of,
  makeTestCertificate,
  type TestCertificate,
} from '../certificates/testing/make-test-certificates.js';
import type { FieldIssue, RuleOutcome } from './field-issue.js';
import type { OsProfileFields } from './os-profile-types.js';
import { applyProfileCreateRules } from './profile-create-rules.js';

const ctx = { releaseServiceUrl: 'https://rs.example.com', now: new Date('2026-06-01T00:00:00Z') };
const SHA = 'BC471CA49DE03B5129C65B70F9862B7F4B5E721622FD34ADE78132F6F7999E2D';

/** A minimal valid Ubuntu body as the seed's CLI would send it. */
const ubuntu = (): Record<string, unknown> => ({
  name: 'Ubuntu 24.04 custom',
  profileName: 'ubuntu-24.04-custom',
  imageUrl: 'https://images.example.com/ubuntu-24.04.img?sig=a%2Bb&x=~1',
  imageId: '24.04.2',
  sha256: SHA,
  osType: 'MUTABLE',
});

async function issuesOf(input: unknown): Promise<FieldIssue[]> {
  const result = await applyProfileCreateRules(input, ctx);
  assert.equal(result.ok, false, 'expected a refusal');
  return result.ok ? [] : [...result.issues];
}

const valueOf = (result: RuleOutcome<OsProfileFields>): OsProfileFields => {
  assert.equal(result.ok, true, JSON.stringify(result));
  return (result as { value: OsProfileFields }).value;
};

let cert: TestCertificate;
before(async () => {
  cert = await makeTestCertificate({
    name: 'CN=images.example.com',
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
  });
});

describe('applyProfileCreateRules', () => {
  test('a minimal body is normalised with every default', async () => {
    assert.deepEqual(valueOf(await applyProfileCreateRules(ubuntu(), ctx)), {
      name: 'Ubuntu 24.04 custom',
      profileName: 'ubuntu-24.04-custom',
      imageUrl: 'https://images.example.com/ubuntu-24.04.img?sig=a%2Bb&x=~1',
      imageId: '24.04.2',
      sha256: SHA.toLowerCase(),
      osType: 'OS_TYPE_MUTABLE',
      osProvider: 'OS_PROVIDER_KIND_INFRA',
      securityFeature: 'SECURITY_FEATURE_NONE',
      osFamily: 'ubuntu',
      architecture: 'x86_64',
      description: '',
      tlsCaCert: '',
      secureBootCerts: '',
      secureBootDbx: '',
      secureBootMokCerts: '',
      sbatLevel: '',
      metadata: {},
      source: 'custom',
      installedPackages: '',
      existingCves: '',
      fixedCves: '',
      platformBundle: '',
      installedPackagesUrl: '',
      existingCvesUrl: '',
      fixedCvesUrl: '',
      repoUrl: '',
      profileVersion: '',
    });
  });

  test("EMF's orch-cli body: reference URLs kept, '' and *_UNSPECIFIED enums read as unset", async () => {
    const value = valueOf(
      await applyProfileCreateRules(
        {
          ...ubuntu(),
          osProvider: 'OS_PROVIDER_KIND_UNSPECIFIED',
          securityFeature: 'SECURITY_FEATURE_UNSPECIFIED',
          repoUrl: ' https://images.example.com/ubuntu-24.04.img ',
          existingCvesUrl: '',
          fixedCvesUrl: 'files-edge-orch/repository/fixed-cves.json',
          installedPackagesUrl: 'https://rs.example.com/manifest.json',
          profileVersion: '0.2.0',
          tlsCaCert: '',
          description: '',
        },
        ctx,
      ),
    );
    assert.equal(value.osProvider, 'OS_PROVIDER_KIND_INFRA');
    assert.equal(value.securityFeature, 'SECURITY_FEATURE_NONE');
    assert.equal(value.repoUrl, 'https://images.example.com/ubuntu-24.04.img');
    assert.equal(value.existingCvesUrl, '');
    assert.equal(value.fixedCvesUrl, 'files-edge-orch/repository/fixed-cves.json');
    assert.equal(value.installedPackagesUrl, 'https://rs.example.com/manifest.json');
    assert.equal(value.profileVersion, '0.2.0');
  });

  test('reference URLs: no spaces or control characters, EMF lengths; OS_TYPE_UNSPECIFIED refused', async () => {
    assert.deepEqual(
      (
        await issuesOf({
          ...ubuntu(),
          repoUrl: 'https://a b',
          installedPackagesUrl: `https://x/${'a'.repeat(200)}`,
          fixedCvesUrl: 7,
          osType: 'OS_TYPE_UNSPECIFIED',
        })
      ).map((i) => `${i.field}:${i.rule}`),
      [
        'osType:enum.unspecified',
        'installedPackagesUrl:referenceUrl.length',
        'fixedCvesUrl:field.type',
        'repoUrl:referenceUrl.format',
      ],
    );
  });

  test('every field given: aliases, relative URL, certificate, metadata text, bundle object', async () => {
    const value = valueOf(
      await applyProfileCreateRules(
        {
          name: 'EMT custom',
          profileName: 'microvisor-custom',
          imageUrl: 'files-edge-orch/repository/microvisor/custom.raw.gz',
          imageId: '3.0.1',
          sha256: SHA,
          osType: 'operating_system_type_immutable',
          osProvider: 'OPERATING_SYSTEM_PROVIDER_INFRA',
          securityFeature: 'SB_FDE',
          tlsCaCert: base64Of(cert.pem),
          metadata: '{"skip_kernel_upgrade":"true"}',
          description: 'mine',
          architecture: 'x86_64',
          installedPackages: '{"Repo":[]}',
          existingCves: '[]',
          fixedCves: '[]',
          platformBundle: { artifact: 'b' },
        },
        ctx,
      ),
    );
    assert.equal(
      value.imageUrl,
      'https://rs.example.com/files-edge-orch/repository/microvisor/custom.raw.gz',
    );
    assert.equal(value.osType, 'OS_TYPE_IMMUTABLE');
    assert.equal(value.securityFeature, 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION');
    assert.equal(value.osFamily, 'emt');
    assert.equal(value.tlsCaCert, cert.pem);
    assert.deepEqual(value.metadata, { skip_kernel_upgrade: 'true' });
    assert.equal(value.platformBundle, '{"artifact":"b"}');
    assert.equal(value.installedPackages, '{"Repo":[]}');
  });

  test('null optional fields take their defaults', async () => {
    const value = valueOf(
      await applyProfileCreateRules(
        { ...ubuntu(), tlsCaCert: null, metadata: null, osProvider: '', description: null },
        ctx,
      ),
    );
    assert.equal(value.tlsCaCert, '');
    assert.equal(value.osProvider, 'OS_PROVIDER_KIND_INFRA');
  });

  test('not an object', async () => {
    for (const input of [null, 'text', [1], 7]) {
      assert.deepEqual(await issuesOf(input), [
        {
          field: 'body',
          rule: 'body.object',
          message: 'The body must be a JSON object of OS profile fields.',
        },
      ]);
    }
  });

  test('unknown fields are named with the accepted list', async () => {
    assert.deepEqual(await issuesOf({ ...ubuntu(), osImageUrl: 'x', updateSources: [] }), [
      {
        field: 'body',
        rule: 'field.unknown',
        message:
          'Unknown fields osImageUrl, updateSources; accepted fields are name, profileName, imageUrl, imageId, ' +
          'sha256, osType, osProvider, securityFeature, tlsCaCert, secureBootCerts, secureBootDbx, ' +
          'secureBootMokCerts, sbatLevel, metadata, description, ' +
          'architecture, ' +
          'installedPackages, existingCves, fixedCves, platformBundle, installedPackagesUrl, existingCvesUrl, ' +
          'fixedCvesUrl, repoUrl, profileVersion.',
      },
    ]);
  });

  test('server-controlled fields are refused as such', async () => {
    assert.deepEqual(await issuesOf({ ...ubuntu(), resourceId: 'os-12345678', source: 'default' }), [
      {
        field: 'body',
        rule: 'field.server-controlled',
        message: 'resourceId, source are set by the server and cannot be given by a client.',
      },
    ]);
    assert.deepEqual(await issuesOf({ ...ubuntu(), osFamily: 'ubuntu' }), [
      {
        field: 'body',
        rule: 'field.server-controlled',
        message: 'osFamily is set by the server and cannot be given by a client.',
      },
    ]);
    assert.equal((await issuesOf({ ...ubuntu(), timestamps: {} }))[0]?.rule, 'field.server-controlled');
  });

  test('an empty body lists every required field, in field order', async () => {
    assert.deepEqual(
      (await issuesOf({})).map((i) => i.rule),
      [
        'name.required',
        'profileName.required',
        'imageUrl.required',
        'imageId.required',
        'sha256.required',
        'osType.required',
      ],
    );
    const [osType] = (await issuesOf({ ...ubuntu(), osType: undefined })).filter((i) => i.field === 'osType');
    assert.equal(
      osType?.message,
      'osType is required: OS_TYPE_MUTABLE (e.g. Ubuntu) or OS_TYPE_IMMUTABLE (Edge Microvisor Toolkit).',
    );
  });

  test('the OS family rule: Ubuntu immutable and EMT mutable are refused', async () => {
    assert.deepEqual(await issuesOf({ ...ubuntu(), osType: 'IMMUTABLE' }), [
      {
        field: 'osType',
        rule: 'osType.ubuntu-mutable',
        message:
          'osType must be OS_TYPE_MUTABLE for an Ubuntu profile: Ubuntu is a mutable OS, updated in place with apt.',
      },
    ]);
    const emt = {
      ...ubuntu(),
      name: 'Edge Microvisor Toolkit mine',
      profileName: 'custom-os',
      osType: 'MUTABLE',
    };
    assert.deepEqual(
      (await issuesOf(emt)).map((i) => i.rule),
      ['osType.emt-immutable'],
    );
    assert.equal(
      valueOf(await applyProfileCreateRules({ ...emt, profileName: 'debian-12', name: 'Debian' }, ctx))
        .osFamily,
      'other',
    );
  });

  test('field issues are collected across fields', async () => {
    const issues = await issuesOf({
      ...ubuntu(),
      imageUrl: 'http://x.example/os.img',
      sha256: 'abc',
      osProvider: 'ACME',
    });
    assert.deepEqual(
      issues.map((i) => [i.field, i.rule]),
      [
        ['imageUrl', 'imageUrl.http'],
        ['sha256', 'sha256.format'],
        ['osProvider', 'enum.unknown'],
      ],
    );
  });

  test('certificate problems arrive as tlsCaCert issues', async () => {
    const expired = await makeTestCertificate({
      name: 'CN=old',
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2021-01-01T00:00:00Z'),
    });
    assert.deepEqual(await issuesOf({ ...ubuntu(), tlsCaCert: expired.pem }), [
      {
        field: 'tlsCaCert',
        rule: 'certificate.expired',
        message:
          'tlsCaCert: certificate "CN=old" expired on 2021-01-01T00:00:00.000Z ' +
          '(valid from 2020-01-01T00:00:00.000Z to 2021-01-01T00:00:00.000Z).',
      },
    ]);
    assert.deepEqual(await issuesOf({ ...ubuntu(), tlsCaCert: 12 }), [
      { field: 'tlsCaCert', rule: 'field.type', message: 'tlsCaCert must be a string.' },
    ]);
    assert.equal((await issuesOf({ ...ubuntu(), tlsCaCert: 'garbage' }))[0]?.rule, 'certificate.format');
  });

  test('secureBootCerts: PEM or base64 stored as canonical PEM; problems are its own issues', async () => {
    const fromPem = valueOf(await applyProfileCreateRules({ ...ubuntu(), secureBootCerts: cert.pem }, ctx));
    const fromBase64 = valueOf(
      await applyProfileCreateRules({ ...ubuntu(), secureBootCerts: base64Of(cert.pem) }, ctx),
    );
    assert.match(fromPem.secureBootCerts ?? '', /^-----BEGIN CERTIFICATE-----\n/);
    assert.equal(fromBase64.secureBootCerts, fromPem.secureBootCerts);
    assert.equal(
      valueOf(await applyProfileCreateRules({ ...ubuntu(), secureBootCerts: null }, ctx)).secureBootCerts,
      '',
    );
    assert.deepEqual(await issuesOf({ ...ubuntu(), secureBootCerts: 7 }), [
      { field: 'secureBootCerts', rule: 'field.type', message: 'secureBootCerts must be a string.' },
    ]);
    const garbage = await issuesOf({ ...ubuntu(), secureBootCerts: 'garbage' });
    assert.deepEqual(
      garbage.map((issue) => [issue.field, issue.rule]),
      [['secureBootCerts', 'certificate.format']],
    );
    assert.match(garbage[0]!.message, /^secureBootCerts is not a certificate/);
  });

  test('secureBootCerts ignores validity (UEFI does) while tlsCaCert still refuses it', async () => {
    const expired = await makeTestCertificate({
      name: 'CN=old db',
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2021-01-01T00:00:00Z'),
    });
    const future = await makeTestCertificate({
      name: 'CN=future db',
      notBefore: new Date('2030-01-01T00:00:00Z'),
      notAfter: new Date('2031-01-01T00:00:00Z'),
    });
    const both = expired.pem + future.pem;
    const accepted = valueOf(await applyProfileCreateRules({ ...ubuntu(), secureBootCerts: both }, ctx));
    assert.equal(accepted.secureBootCerts, both);
    assert.deepEqual(
      (await issuesOf({ ...ubuntu(), tlsCaCert: both })).map((i) => [i.field, i.rule]),
      [
        ['tlsCaCert', 'certificate.expired'],
        ['tlsCaCert', 'certificate.not-yet-valid'],
      ],
    );
  });

  test('metadata issues', async () => {
    assert.deepEqual(
      (await issuesOf({ ...ubuntu(), metadata: { a: { b: 1 } } })).map((i) => i.rule),
      ['metadata.value'],
    );
  });
});
