import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  base64Of,
  makeTestCertificate,
  type TestCertificate,
} from '../certificates/testing/make-test-certificates.js';
import type { FieldIssue } from './field-issue.js';
import type { OsProfile, OsProfileChanges } from './os-profile-types.js';
import {
  IMMUTABLE_PROFILE_FIELDS,
  applyProfileChangeRules,
  type ChangeMode,
} from './profile-change-rules.js';

const ctx = { releaseServiceUrl: 'https://rs.example.com', now: new Date('2026-06-01T00:00:00Z') };
const SHA = 'bc471ca49de03b5129c65b70f9862b7f4b5e721622fd34ade78132f6f7999e2d';

const existing: OsProfile = {
  resourceId: 'os-0a1b2c3d',
  timestamps: { createdAt: '2026-05-01T00:00:00.000Z', updatedAt: '2026-05-01T00:00:00.000Z' },
  name: 'Ubuntu custom',
  profileName: 'ubuntu-24.04-custom',
  imageUrl: 'https://rs.example.com/files/ubuntu.img',
  imageId: '24.04.2',
  sha256: SHA,
  osType: 'OS_TYPE_MUTABLE',
  osProvider: 'OS_PROVIDER_KIND_INFRA',
  securityFeature: 'SECURITY_FEATURE_NONE',
  osFamily: 'ubuntu',
  architecture: 'x86_64',
  description: 'old',
  tlsCaCert: '',
  metadata: { release: '1' },
  source: 'custom',
  installedPackages: '',
  existingCves: '',
  fixedCves: '',
  platformBundle: '',
};

async function changes(input: unknown, mode: ChangeMode): Promise<OsProfileChanges> {
  const result = await applyProfileChangeRules(existing, input, mode, ctx);
  assert.equal(result.ok, true, JSON.stringify(result));
  return result.ok ? result.value : {};
}

async function issues(input: unknown, mode: ChangeMode): Promise<FieldIssue[]> {
  const result = await applyProfileChangeRules(existing, input, mode, ctx);
  assert.equal(result.ok, false, 'expected a refusal');
  return result.ok ? [] : [...result.issues];
}

const immutable = (field: string): FieldIssue => ({
  field,
  rule: 'field.immutable',
  message: `${field} cannot be changed after the profile is created; create a new profile instead.`,
});

/** The stored profile as a client would PUT it back after a GET. */
const roundTrip = (): Record<string, unknown> => ({ ...existing, tlsCaCert: '' });

let cert: TestCertificate;
before(async () => {
  cert = await makeTestCertificate({
    name: 'CN=rotated',
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2028-01-01T00:00:00Z'),
  });
});

describe('applyProfileChangeRules: PATCH', () => {
  test('changes the four mutable fields, normalised', async () => {
    assert.deepEqual(
      await changes(
        {
          description: 'new',
          metadata: '{"skipkernelupgrade":true}',
          architecture: ' aarch64 ',
          tlsCaCert: base64Of(cert.pem),
        },
        'patch',
      ),
      {
        description: 'new',
        metadata: { skipkernelupgrade: 'true' },
        architecture: 'aarch64',
        tlsCaCert: cert.pem,
      },
    );
  });

  test('only what is present changes; null resets to the default', async () => {
    assert.deepEqual(await changes({ description: 'x' }, 'patch'), { description: 'x' });
    assert.deepEqual(await changes({ tlsCaCert: null, metadata: null }, 'patch'), {
      tlsCaCert: '',
      metadata: {},
    });
    assert.deepEqual(await changes({}, 'patch'), {});
  });

  test('immutable fields with equal normalised values are accepted, not changed', async () => {
    assert.deepEqual(
      await changes(
        {
          name: ' Ubuntu custom ',
          osType: 'mutable',
          sha256: SHA.toUpperCase(),
          imageUrl: 'files/ubuntu.img',
          description: 'd',
        },
        'patch',
      ),
      { name: 'Ubuntu custom', description: 'd' },
    );
  });

  test('the Secure Boot policy may change (db, dbx, MOK, SBAT level), normalised', async () => {
    const hash = 'AB'.repeat(32);
    assert.deepEqual(
      await changes(
        {
          secureBootCerts: cert.pem,
          secureBootDbx: `sha256:${hash}`,
          sbatLevel: ' sbat,1,2024010900 \n grub,4 ',
        },
        'patch',
      ),
      {
        secureBootCerts: cert.pem,
        secureBootDbx: `${hash.toLowerCase()}\n`,
        sbatLevel: 'sbat,1,2024010900\ngrub,4\n',
      },
    );
    assert.deepEqual(await changes({ secureBootMokCerts: '', description: 'd' }, 'patch'), {
      secureBootMokCerts: '',
      description: 'd',
    });
    assert.deepEqual(await issues({ secureBootDbx: 'not a hash' }, 'patch'), [
      {
        field: 'secureBootDbx',
        rule: 'secureBootDbx.format',
        message:
          'secureBootDbx: line 1 "not a hash" is neither a PEM certificate nor a SHA-256 hash (64 hex digits).',
      },
    ]);
    assert.deepEqual(await issues({ sbatLevel: 'grub' }, 'patch'), [
      {
        field: 'sbatLevel',
        rule: 'sbatLevel.format',
        message: 'sbatLevel line 1 "grub" is not component_name,component_generation[,...].',
      },
    ]);
  });

  test('a different immutable field is refused, naming it', async () => {
    assert.deepEqual(await issues({ profileName: 'renamed' }, 'patch'), [immutable('profileName')]);
    assert.deepEqual(await issues({ existingCvesUrl: 'https://cves.example.com/x.json' }, 'patch'), [
      immutable('existingCvesUrl'),
    ]);
    assert.deepEqual(
      await issues(
        { sha256: 'a'.repeat(64), osType: 'IMMUTABLE', imageId: '24.04.3', description: 'ok' },
        'patch',
      ),
      [immutable('imageId'), immutable('sha256'), immutable('osType')],
    );
  });

  test('invalid values get their own rule, unknown and changed server fields are refused', async () => {
    assert.deepEqual(
      (await issues({ architecture: 'x 86' }, 'patch')).map((i) => i.rule),
      ['architecture.format'],
    );
    assert.deepEqual(
      (await issues({ colour: 'red' }, 'patch')).map((i) => i.rule),
      ['field.unknown'],
    );
    assert.deepEqual(await issues({ resourceId: 'os-99999999', description: 'x' }, 'patch'), [
      {
        field: 'body',
        rule: 'field.server-controlled',
        message: 'resourceId is set by the server and cannot be given by a client.',
      },
    ]);
    assert.deepEqual(
      (await issues('nope', 'patch')).map((i) => i.rule),
      ['body.object'],
    );
  });

  test('unchanged server fields and any timestamps are tolerated', async () => {
    assert.deepEqual(
      await changes(
        { resourceId: 'os-0a1b2c3d', osFamily: 'ubuntu', source: 'custom', timestamps: {}, description: 'y' },
        'patch',
      ),
      { description: 'y' },
    );
  });
});

describe('applyProfileChangeRules: PUT', () => {
  test('a GET round-trip with edits returns every mutable field', async () => {
    assert.deepEqual(await changes({ ...roundTrip(), description: 'edited', tlsCaCert: cert.pem }, 'put'), {
      name: 'Ubuntu custom',
      description: 'edited',
      metadata: { release: '1' },
      architecture: 'x86_64',
      tlsCaCert: cert.pem,
      secureBootCerts: '',
      secureBootDbx: '',
      secureBootMokCerts: '',
      sbatLevel: '',
    });
  });

  test('absent mutable fields fall back to their defaults', async () => {
    const { description: _d, metadata: _m, architecture: _a, tlsCaCert: _t, ...rest } = roundTrip();
    assert.deepEqual(await changes(rest, 'put'), {
      name: 'Ubuntu custom',
      description: '',
      metadata: {},
      architecture: 'x86_64',
      tlsCaCert: '',
      secureBootCerts: '',
      secureBootDbx: '',
      secureBootMokCerts: '',
      sbatLevel: '',
    });
  });

  test('immutable fields must equal the stored ones', async () => {
    assert.deepEqual(
      await issues(
        { ...roundTrip(), imageUrl: 'https://other.example.com/u.img', osProvider: 'LENOVO' },
        'put',
      ),
      [immutable('imageUrl'), immutable('osProvider')],
    );
    assert.deepEqual(await issues({ ...roundTrip(), platformBundle: { a: 1 } }, 'put'), [
      immutable('platformBundle'),
    ]);
  });

  test('every create rule applies: required fields must be present', async () => {
    assert.deepEqual(
      (await issues({ description: 'only this' }, 'put')).map((i) => i.rule),
      [
        'name.required',
        'profileName.required',
        'imageUrl.required',
        'imageId.required',
        'sha256.required',
        'osType.required',
      ],
    );
  });

  test('every field but the mutable ones is immutable', () => {
    assert.deepEqual(IMMUTABLE_PROFILE_FIELDS, [
      'profileName',
      'imageUrl',
      'imageId',
      'sha256',
      'osType',
      'osProvider',
      'securityFeature',
      'installedPackages',
      'existingCves',
      'fixedCves',
      'platformBundle',
      'installedPackagesUrl',
      'existingCvesUrl',
      'fixedCvesUrl',
      'repoUrl',
      'profileVersion',
    ]);
  });

  test("EMF's read-only osResourceID and profileVersion round-trip when unchanged", async () => {
    const body = { ...roundTrip(), osResourceID: existing.resourceId, profileVersion: '', repoUrl: '' };
    assert.equal((await changes(body, 'put')).name, 'Ubuntu custom');
    assert.deepEqual(
      (await issues({ ...body, osResourceID: 'os-99999999' }, 'put')).map((i) => i.rule),
      ['field.server-controlled'],
    );
  });
});

describe('applyProfileChangeRules: PATCH with a field mask (EMF fieldMask)', () => {
  const masked = async (input: unknown, mask: readonly string[]) => {
    const result = await applyProfileChangeRules(existing, input, 'patch', ctx, mask);
    return result.ok ? { changes: result.value } : { rules: result.issues.map((i) => i.rule) };
  };

  test('only the masked fields are read; the rest of the body is ignored, even invalid or immutable', async () => {
    assert.deepEqual(
      await masked(
        { name: 'Renamed', description: 'ignored', sha256: 'bad', osType: 'IMMUTABLE', resourceId: 'os-1' },
        ['name'],
      ),
      { changes: { name: 'Renamed' } },
    );
  });

  test('a masked mutable field missing from the body is reset to its default (EMF clears it)', async () => {
    assert.deepEqual(await masked({ name: 'x' }, ['name', 'metadata', 'description']), {
      changes: { name: 'x', metadata: {}, description: '' },
    });
    // name has no default: clearing it is refused with its own rule.
    assert.deepEqual(await masked({}, ['name']), { rules: ['name.required'] });
  });

  test('a masked immutable field is left when absent and refused when it differs', async () => {
    assert.deepEqual(await masked({ architecture: 'arm64' }, ['architecture', 'sha256']), {
      changes: { architecture: 'arm64' },
    });
    assert.deepEqual(await masked({ sha256: 'a'.repeat(64) }, ['sha256']), { rules: ['field.immutable'] });
    assert.deepEqual(await masked({ sha256: SHA }, ['sha256']), { changes: {} });
  });
});
