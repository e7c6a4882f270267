import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOsProfileManifest } from './emf-manifest.js';

const SPEC = `appVersion: apps/v1
metadata: {release: 0.0.0-dev, version: 0.2.0}
spec:
  name: Ubuntu custom
  type: OPERATING_SYSTEM_TYPE_MUTABLE
  provider: OPERATING_SYSTEM_PROVIDER_INFRA
  architecture: x86_64
  profileName: ubuntu-22.04-lts-custom
  osImageUrl: https://images.example.test/jammy.img
  osImageVersion: 22.04.5
  osImageSha256: b9b65a7e045ca262ad614cbedeaa1bf34b9325d76f856e85e17b68984e7a4314
  securityFeature: SECURITY_FEATURE_NONE
  description: lab
`;

test('spec keys map to the API fields; the appVersion and metadata headers are ignored', () => {
  const { body, notes } = parseOsProfileManifest(SPEC, 'm.yaml');
  assert.deepEqual(body, {
    name: 'Ubuntu custom',
    osType: 'OPERATING_SYSTEM_TYPE_MUTABLE',
    osProvider: 'OPERATING_SYSTEM_PROVIDER_INFRA',
    architecture: 'x86_64',
    profileName: 'ubuntu-22.04-lts-custom',
    imageUrl: 'https://images.example.test/jammy.img',
    imageId: '22.04.5',
    sha256: 'b9b65a7e045ca262ad614cbedeaa1bf34b9325d76f856e85e17b68984e7a4314',
    securityFeature: 'SECURITY_FEATURE_NONE',
    description: 'lab',
    // EMF's orch-cli repeats the image URL as repoUrl.
    repoUrl: 'https://images.example.test/jammy.img',
  });
  assert.deepEqual(notes, []);
});

test('the three certificate spellings all become tlsCaCert; the same value twice is fine', () => {
  for (const key of ['tlsCert', 'tlsCaCert', 'tlsCaCertificate']) {
    assert.equal(parseOsProfileManifest(`${SPEC}  ${key}: QUJD\n`, 'm').body['tlsCaCert'], 'QUJD');
  }
  const twice = parseOsProfileManifest(`${SPEC}  tlsCert: QUJD\n  tlsCaCert: QUJD\n`, 'm');
  assert.equal(twice.body['tlsCaCert'], 'QUJD');
  assert.throws(
    () => parseOsProfileManifest(`${SPEC}  tlsCert: QUJD\n  tlsCaCertificate: REVG\n`, 'm'),
    /spec sets tlsCert and tlsCaCertificate to different certificates/,
  );
});

test('metadata as a map, as a YAML block string, as JSON text, or empty', () => {
  const map = parseOsProfileManifest(`${SPEC}  metadata:\n    skip_kernel_upgrade: "true"\n`, 'm');
  assert.deepEqual(map.body['metadata'], { skip_kernel_upgrade: 'true' });
  const block = parseOsProfileManifest(
    `${SPEC}  metadata: |\n    skip_kernel_upgrade: "true"\n    kernelversion: linux-image-5.15.0-1035-generic\n`,
    'm',
  );
  assert.deepEqual(block.body['metadata'], {
    skip_kernel_upgrade: 'true',
    kernelversion: 'linux-image-5.15.0-1035-generic',
  });
  const jsonText = parseOsProfileManifest(`${SPEC}  metadata: '{"a": "b"}'\n`, 'm');
  assert.deepEqual(jsonText.body['metadata'], { a: 'b' });
  assert.deepEqual(parseOsProfileManifest(`${SPEC}  metadata: ""\n`, 'm').body['metadata'], {});
  const scalar = parseOsProfileManifest(`${SPEC}  metadata: just words\n`, 'm');
  assert.equal(scalar.body['metadata'], 'just words', 'left for core to refuse with its message');
});

test('platformBundle as a string stays; as an object it is sent as JSON text', () => {
  assert.equal(parseOsProfileManifest(`${SPEC}  platformBundle: abc\n`, 'm').body['platformBundle'], 'abc');
  const object = parseOsProfileManifest(`${SPEC}  platformBundle:\n    a: 1\n    b: [x]\n`, 'm');
  assert.equal(object.body['platformBundle'], '{"a":1,"b":["x"]}');
});

test('package and CVE URLs become EMF fields; unknown keys, no spec, bad YAML and two documents are refused', () => {
  const urls = parseOsProfileManifest(
    `${SPEC}  osFixedCvesURL: https://x.test/f.json\n  osExistingCvesURL: e.json\n  osPackageManifestURL: p.json\n`,
    'm',
  );
  assert.equal(urls.body['fixedCvesUrl'], 'https://x.test/f.json');
  assert.equal(urls.body['existingCvesUrl'], 'e.json');
  assert.equal(urls.body['installedPackagesUrl'], 'p.json');
  assert.equal(urls.body['repoUrl'], urls.body['imageUrl']);
  assert.deepEqual(urls.notes, []);
  assert.throws(() => parseOsProfileManifest(`${SPEC}  colour: red\n`, 'm'), /unknown spec key\(s\) colour/);
  assert.throws(() => parseOsProfileManifest('name: x\n', 'a.yaml'), /a\.yaml has no "spec" map/);
  assert.throws(() => parseOsProfileManifest('spec: [1, 2]\n', 'a.yaml'), /has no "spec" map/);
  assert.throws(() => parseOsProfileManifest('spec:\n  name: "x\n', 'a.yaml'), /a\.yaml is not valid YAML/);
  assert.throws(() => parseOsProfileManifest(`${SPEC}---\n${SPEC}`, 'a.yaml'), /exactly one YAML document/);
});
