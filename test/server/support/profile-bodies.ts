import { makeTestCertificate } from '../../../src/core/certificates/testing/make-test-certificates.js';

/** The clock of the API tests; certificates below are valid at this time. */
export const API_TEST_NOW = new Date('2026-11-25T12:00:00.000Z');

/** A custom Ubuntu profile body as an operator would POST it (EMF field names, aliases). */
export function ubuntuBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Ubuntu 22.04 custom',
    profileName: 'ubuntu-22.04-lts-custom',
    imageUrl: 'https://images.example.test/ubuntu/jammy.img?sig=a%2Bb&exp=1~2',
    imageId: '22.04.5',
    sha256: 'B9B65A7E045CA262AD614CBEDEAA1BF34B9325D76F856E85E17B68984E7A4314',
    osType: 'MUTABLE',
    osProvider: 'INFRA',
    securityFeature: 'NONE',
    description: 'custom jammy',
    metadata: { skip_kernel_upgrade: 'true' },
    ...overrides,
  };
}

/** A custom EMT profile with an image path relative to the Release Service. */
export function emtBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'EMT custom',
    profileName: 'microvisor-custom',
    imageUrl: 'files-edge-orch/repository/microvisor/custom/edge-readonly-custom.raw.gz',
    imageId: '3.0.20261101.0100',
    sha256: '6f7aef82c1aae6c914a9f173a6be91b0a222027937f5afcc87c2b12a9d71c056',
    osType: 'OS_TYPE_IMMUTABLE',
    securityFeature: 'SB_FDE',
    ...overrides,
  };
}

/** A self-signed server certificate valid around {@link API_TEST_NOW}, and one already expired. */
export async function testCertificates(): Promise<{ valid: string; expired: string }> {
  const valid = await makeTestCertificate({
    name: 'CN=images.example.test, O=edge-orch tests',
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
    dnsNames: ['images.example.test'],
  });
  const expired = await makeTestCertificate({
    name: 'CN=old.example.test',
    notBefore: new Date('2024-01-01T00:00:00Z'),
    notAfter: new Date('2025-01-01T00:00:00Z'),
  });
  return { valid: valid.pem, expired: expired.pem };
}
