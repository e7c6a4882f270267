import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFamilyOsType, deriveOsFamily } from './os-family.js';

describe('deriveOsFamily', () => {
  test('EMT words in profileName or name', () => {
    for (const [profileName, name] of [
      ['microvisor-nonrt', 'x'],
      ['my-emt-profile', 'x'],
      ['EMT3.0', 'x'],
      ['tiber-os', 'x'],
      ['custom', 'Edge Microvisor Toolkit 3.0'],
      ['custom', 'my EMT build'],
    ] as const) {
      assert.equal(deriveOsFamily(profileName, name), 'emt', `${profileName} / ${name}`);
    }
  });

  test('Ubuntu in profileName or name', () => {
    assert.equal(deriveOsFamily('ubuntu-22.04-lts-generic', 'whatever'), 'ubuntu');
    assert.equal(deriveOsFamily('custom-22.04', 'My Ubuntu Server'), 'ubuntu');
  });

  test('profileName wins over name; unrelated words are other', () => {
    assert.equal(deriveOsFamily('ubuntu-24.04', 'replaces EMT'), 'ubuntu');
    assert.equal(deriveOsFamily('debian-12', 'Debian bookworm'), 'other');
    assert.equal(deriveOsFamily('temtation', 'items'), 'other');
  });
});

describe('checkFamilyOsType', () => {
  test('Ubuntu must be mutable, and the message says why', () => {
    assert.deepEqual(checkFamilyOsType('ubuntu', 'OS_TYPE_MUTABLE'), { ok: true, value: 'OS_TYPE_MUTABLE' });
    assert.deepEqual(checkFamilyOsType('ubuntu', 'OS_TYPE_IMMUTABLE'), {
      ok: false,
      issues: [
        {
          field: 'osType',
          rule: 'osType.ubuntu-mutable',
          message:
            'osType must be OS_TYPE_MUTABLE for an Ubuntu profile: Ubuntu is a mutable OS, updated in place with apt.',
        },
      ],
    });
  });

  test('EMT must be immutable, and the message says why', () => {
    assert.deepEqual(checkFamilyOsType('emt', 'OS_TYPE_IMMUTABLE'), { ok: true, value: 'OS_TYPE_IMMUTABLE' });
    assert.deepEqual(checkFamilyOsType('emt', 'OS_TYPE_MUTABLE'), {
      ok: false,
      issues: [
        {
          field: 'osType',
          rule: 'osType.emt-immutable',
          message:
            'osType must be OS_TYPE_IMMUTABLE for an Edge Microvisor Toolkit (EMT) profile: EMT is an immutable ' +
            'image, updated as a whole (A/B) and protected by dm-verity.',
        },
      ],
    });
  });

  test('other families may be either type', () => {
    assert.equal(checkFamilyOsType('other', 'OS_TYPE_MUTABLE').ok, true);
    assert.equal(checkFamilyOsType('other', 'OS_TYPE_IMMUTABLE').ok, true);
  });
});
