import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RELEASE_SERVICE_URL } from '../os-profile/image-url.js';
import { checkFamilyOsType, deriveOsFamily } from '../os-profile/os-family.js';
import { readProvisioningOptions } from '../os-profile/provisioning-options.js';
import { applyProfileCreateRules } from '../os-profile/profile-create-rules.js';
import { DEFAULT_PROFILES, defaultProfileSeeds } from './default-profiles.js';

const ctx = { releaseServiceUrl: DEFAULT_RELEASE_SERVICE_URL, now: new Date('2026-11-25T00:00:00Z') };

describe('default profiles', () => {
  test('the seven of EMF, keyed by profileName', () => {
    assert.deepEqual(
      DEFAULT_PROFILES.map((p) => [p.key, p.fields.osFamily, p.fields.osType, p.fields.securityFeature]),
      [
        [
          'ubuntu-22.04-lts-generic',
          'ubuntu',
          'OS_TYPE_MUTABLE',
          'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
        ],
        [
          'ubuntu-24.04-lts',
          'ubuntu',
          'OS_TYPE_MUTABLE',
          'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
        ],
        ['ubuntu-24.04-lts-generic-ext', 'ubuntu', 'OS_TYPE_MUTABLE', 'SECURITY_FEATURE_NONE'],
        [
          'microvisor-nonrt',
          'emt',
          'OS_TYPE_IMMUTABLE',
          'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
        ],
        [
          'microvisor-rt',
          'emt',
          'OS_TYPE_IMMUTABLE',
          'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
        ],
        ['microvisor-standalone', 'emt', 'OS_TYPE_IMMUTABLE', 'SECURITY_FEATURE_NONE'],
        ['microvisor-idv', 'emt', 'OS_TYPE_IMMUTABLE', 'SECURITY_FEATURE_NONE'],
      ],
    );
    for (const { key, fields } of DEFAULT_PROFILES) {
      assert.equal(key, fields.profileName);
      assert.equal(fields.source, 'default');
      assert.equal(fields.tlsCaCert, '');
      assert.equal(fields.architecture, 'x86_64');
      assert.equal(fields.osProvider, 'OS_PROVIDER_KIND_INFRA');
      assert.match(fields.sha256, /^[0-9a-f]{64}$/);
      assert.match(fields.imageUrl, /^https:\/\//);
    }
  });

  test('each passes the validation of a client body and its family/type rule', async () => {
    for (const { fields } of DEFAULT_PROFILES) {
      const { osFamily: _f, source: _s, ...body } = fields;
      const result = await applyProfileCreateRules(body, ctx);
      assert.deepEqual(result, { ok: true, value: { ...fields, source: 'custom' } }, fields.profileName);
      const family = deriveOsFamily(fields.profileName, fields.name);
      assert.equal(checkFamilyOsType(family, fields.osType).ok, true);
    }
  });

  test('names and (profileName, imageId) are unique, as the store demands', () => {
    const names = new Set(DEFAULT_PROFILES.map((p) => p.fields.name));
    const keys = new Set(DEFAULT_PROFILES.map((p) => `${p.fields.profileName}\0${p.fields.imageId}`));
    assert.equal(names.size, 7);
    assert.equal(keys.size, 7);
  });

  test('EMT paths resolve against the Release Service; Ubuntu URLs stay', () => {
    const byKey = new Map(DEFAULT_PROFILES.map((p) => [p.key, p.fields]));
    assert.equal(
      byKey.get('microvisor-rt')?.imageUrl,
      'https://files-rs.edgeorchestration.intel.com/files-edge-orch/repository/microvisor/rt/' +
        'edge-readonly-rt-3.0.20260602.2100-prod-signed.raw.gz',
    );
    assert.equal(
      byKey.get('ubuntu-22.04-lts-generic')?.imageUrl,
      'https://cloud-images.ubuntu.com/releases/22.04/release-20250228/ubuntu-22.04-server-cloudimg-amd64.img',
    );
    const mirrored = defaultProfileSeeds('https://mirror.example.com/rs/');
    assert.equal(
      mirrored.find((p) => p.key === 'microvisor-idv')?.fields.imageUrl,
      'https://mirror.example.com/rs/files-edge-orch/repository/microvisor/dv/' +
        'edge-readonly-dv-3.0.20260603.0613-prod-signed.raw.gz',
    );
    assert.equal(
      mirrored.find((p) => p.key === 'ubuntu-24.04-lts')?.fields.imageUrl.startsWith('https://cloud-images'),
      true,
    );
  });

  test('only the standalone profile is a standalone node', () => {
    for (const { key, fields } of DEFAULT_PROFILES) {
      const standalone = key === 'microvisor-standalone';
      assert.deepEqual(fields.metadata, standalone ? { 'standalone-node': 'true' } : {});
      assert.equal(readProvisioningOptions(fields.metadata).standaloneNode, standalone);
    }
  });

  test('a Release Service URL that cannot be a base is an internal error', () => {
    assert.throws(
      () => defaultProfileSeeds('not a url'),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'Internal');
        assert.match(error.message, /^Default profile microvisor-nonrt is invalid: imageUrl /);
        return true;
      },
    );
  });
});
