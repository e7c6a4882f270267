import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bodyFromCreateFlags,
  bodyFromUpdateFlags,
  parseMetadataFlags,
  profileNameFromName,
  versionFromNameOrUrl,
} from './profile-flags.js';

test('--metadata: pairs split on commas, repeatable, later keys win; bad pairs are usage errors', () => {
  assert.deepEqual(parseMetadataFlags(['a=1,b=2', 'c=x=y', 'a=3']), { a: '3', b: '2', c: 'x=y' });
  assert.deepEqual(parseMetadataFlags(['']), {});
  assert.throws(
    () => parseMetadataFlags(['novalue']),
    (e: Error & { exitCode?: number }) => {
      assert.equal(e.message, '--metadata "novalue" must be key=value (several: k1=v1,k2=v2)');
      assert.equal(e.exitCode, 2);
      return true;
    },
  );
  assert.throws(() => parseMetadataFlags(['=v']), /--metadata "=v"/);
});

test('profile flags become the API body; absent flags stay absent', () => {
  const body = bodyFromCreateFlags(
    {
      name: 'N',
      type: 'MUTABLE',
      imageUrl: 'https://x/y.img',
      checksum: 'ab',
      osVersion: '1.0',
      provider: 'INFRA',
      metadata: ['k=v'],
    },
    'CERT',
  );
  assert.deepEqual(body, {
    name: 'N',
    osType: 'MUTABLE',
    imageUrl: 'https://x/y.img',
    sha256: 'ab',
    imageId: '1.0',
    osProvider: 'INFRA',
    tlsCaCert: 'CERT',
    metadata: { k: 'v' },
  });
  assert.deepEqual(bodyFromUpdateFlags({ description: 'd' }, undefined), { description: 'd' });
  assert.deepEqual(bodyFromUpdateFlags({ architecture: 'a', metadata: ['x=1'] }, ''), {
    architecture: 'a',
    tlsCaCert: '',
    metadata: { x: '1' },
  });
});

test('derived defaults: a profileName from the name, a version from the name or the file name', () => {
  assert.equal(profileNameFromName('Ubuntu 22.04 custom'), 'ubuntu-22.04-custom');
  assert.equal(profileNameFromName('  *EMT* (lab) '), 'emt-lab');
  assert.equal(versionFromNameOrUrl('Ubuntu 22.04 custom', 'https://x/a.img'), '22.04');
  assert.equal(
    versionFromNameOrUrl('custom', 'https://x/r/edge-readonly-3.0.20260602.2200-prod.raw.gz?sig=1.2'),
    '3.0.20260602.2200',
  );
  assert.equal(versionFromNameOrUrl('custom', 'https://x/1.2/os.img'), undefined);
});
