import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CertificateInfo, OsProfileResource } from '../../api/os-profile-schemas.js';
import { metadataText, profileDetails, PROFILE_COLUMNS, shortWord } from './profile-views.js';

const cert = (subject: string): CertificateInfo => ({
  subject,
  issuer: subject,
  notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2027-01-01T00:00:00.000Z',
  sha256Fingerprint: 'AB:CD',
  isCA: false,
  selfSigned: true,
});

const profile: OsProfileResource = {
  resourceId: 'os-0000000a',
  name: 'EMT lab',
  profileName: 'microvisor-lab',
  imageUrl: 'https://x/emt.raw.gz',
  imageId: '3.0.1',
  sha256: 'ab'.repeat(32),
  osType: 'OS_TYPE_IMMUTABLE',
  osProvider: 'OS_PROVIDER_KIND_INFRA',
  securityFeature: 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
  osFamily: 'emt',
  architecture: 'x86_64',
  description: '',
  tlsCaCert: 'QUJD',
  tlsCaCertInfo: [cert('CN=a'), cert('CN=b')],
  secureBootCerts: '',
  secureBootDbx: '',
  secureBootMokCerts: '',
  sbatLevel: '',
  metadata: '{"standalone-node":"true","k":"v"}',
  source: 'custom',
  installedPackages: '',
  existingCves: '',
  fixedCves: '',
  platformBundle: '{"a":1}',
  installedPackagesUrl: '',
  existingCvesUrl: '',
  fixedCvesUrl: '',
  repoUrl: '',
  profileVersion: '',
  osResourceID: 'os-0000000a',
  validation: { state: 'pending' },
  timestamps: { createdAt: 'c', updatedAt: 'u' },
};

test('canonical enums shown as the short words operators type', () => {
  assert.deepEqual(
    PROFILE_COLUMNS.map((c) => c.value(profile)),
    ['EMT lab', 'microvisor-lab', 'IMMUTABLE', '3.0.1', 'SB_FDE', 'custom', 'pending', 'os-0000000a'],
  );
  const { validation: _unvalidated, ...neverValidated } = profile;
  const validationColumn = PROFILE_COLUMNS.find((c) => c.header === 'VALIDATION');
  assert.equal(validationColumn?.value(neverValidated as OsProfileResource), '-', 'never validated');
  assert.equal(shortWord('OS_TYPE_MUTABLE'), 'MUTABLE');
  assert.equal(shortWord('SOMETHING_NEW'), 'SOMETHING_NEW');
});

test('metadata as k=v pairs; details number several certificates and show only set EMF texts', () => {
  assert.equal(metadataText(profile.metadata), 'standalone-node=true, k=v');
  assert.equal(metadataText(''), '');
  const details = new Map(profileDetails(profile));
  assert.equal(details.get('Security'), 'SB_FDE');
  assert.ok(details.has('Certificate 1') && details.has('Certificate 2'));
  assert.equal(details.get('Platform bundle'), '{"a":1}');
  assert.ok(!details.has('Fixed CVEs'));
  const lines = profileDetails(profile).filter(([k]) => k.startsWith('  '));
  assert.deepEqual(lines.slice(0, 5), [
    ['  subject', 'CN=a'],
    ['  issuer', 'CN=a (self-signed)'],
    ['  valid', '2026-01-01T00:00:00.000Z to 2027-01-01T00:00:00.000Z'],
    ['  sha256', 'AB:CD'],
    ['  ca', 'no'],
  ]);
  const none = new Map(profileDetails({ ...profile, tlsCaCertInfo: [] }));
  assert.equal(none.get('Certificate'), 'none (system roots)');
});

test('get prints the Secure Boot policy: db and MOK counted, dbx certificates and hashes, SBAT lines', () => {
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  const fields = new Map(
    profileDetails({
      ...profile,
      secureBootCerts: Buffer.from(pem + pem).toString('base64'),
      secureBootDbx: `${pem}${'ab'.repeat(32)}\n${'cd'.repeat(32)}\n`,
      secureBootMokCerts: Buffer.from(pem).toString('base64'),
      sbatLevel: 'sbat,1,2024010900\nshim,4\ngrub,3\n',
    }),
  );
  assert.equal(fields.get('Secure Boot db'), '2 certificates');
  assert.equal(fields.get('Secure Boot dbx'), '1 certificate, 2 hashes');
  assert.equal(fields.get('Secure Boot MOK'), '1 certificate');
  assert.equal(fields.get('SBAT level'), 'sbat,1,2024010900; shim,4; grub,3');
  const unset = new Map(profileDetails(profile));
  assert.equal(unset.get('Secure Boot dbx'), 'none');
  assert.equal(unset.get('SBAT level'), "none (shim's own)");
});
