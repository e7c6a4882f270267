import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  acceptedSpellings,
  ENUM_RULES,
  isEnumField,
  normalizeEnumValue,
  normalizeOsProvider,
  normalizeOsType,
  normalizeSecurityFeature,
} from './os-profile-aliases.js';
import { PROFILE_RULES } from './os-profile-rules.js';

const cases: [string, (raw: unknown) => unknown, string, string[]][] = [
  [
    'osType',
    normalizeOsType,
    'OS_TYPE_MUTABLE',
    ['MUTABLE', 'OS_TYPE_MUTABLE', 'OPERATING_SYSTEM_TYPE_MUTABLE'],
  ],
  [
    'osType',
    normalizeOsType,
    'OS_TYPE_IMMUTABLE',
    ['IMMUTABLE', 'OS_TYPE_IMMUTABLE', 'OPERATING_SYSTEM_TYPE_IMMUTABLE'],
  ],
  [
    'osProvider',
    normalizeOsProvider,
    'OS_PROVIDER_KIND_INFRA',
    ['INFRA', 'OS_PROVIDER_KIND_INFRA', 'OPERATING_SYSTEM_PROVIDER_INFRA'],
  ],
  [
    'osProvider',
    normalizeOsProvider,
    'OS_PROVIDER_KIND_LENOVO',
    ['LENOVO', 'OS_PROVIDER_KIND_LENOVO', 'OPERATING_SYSTEM_PROVIDER_LENOVO'],
  ],
  ['securityFeature', normalizeSecurityFeature, 'SECURITY_FEATURE_NONE', ['NONE', 'SECURITY_FEATURE_NONE']],
  [
    'securityFeature',
    normalizeSecurityFeature,
    'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
    [
      'SB_FDE',
      'SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
      'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
    ],
  ],
];

describe('enum aliases', () => {
  for (const [field, normalize, canonical, spellings] of cases) {
    for (const spelling of spellings) {
      for (const written of [spelling, spelling.toLowerCase(), `  ${spelling.toLowerCase()}\t`]) {
        test(`${field} ${JSON.stringify(written)} -> ${canonical}`, () => {
          assert.deepEqual(normalize(written), { ok: true, value: canonical });
          assert.deepEqual(normalizeEnumValue(field as 'osType', written), { ok: true, value: canonical });
        });
      }
    }
  }

  test('UNSPECIFIED is refused with its own message, in every spelling', () => {
    for (const written of ['UNSPECIFIED', 'os_type_unspecified', 'OPERATING_SYSTEM_TYPE_UNSPECIFIED']) {
      assert.deepEqual(normalizeOsType(written), {
        ok: false,
        issues: [
          {
            field: 'osType',
            rule: ENUM_RULES.unspecified.id,
            message: `osType must not be ${written.toUpperCase()}: choose OS_TYPE_MUTABLE or OS_TYPE_IMMUTABLE.`,
          },
        ],
      });
    }
    const provider = normalizeOsProvider('OS_PROVIDER_KIND_UNSPECIFIED');
    assert.equal(provider.ok ? '' : provider.issues[0]?.rule, 'enum.unspecified');
    const security = normalizeSecurityFeature('SECURITY_FEATURE_UNSPECIFIED');
    assert.equal(
      security.ok ? '' : security.issues[0]?.message,
      'securityFeature must not be SECURITY_FEATURE_UNSPECIFIED: choose SECURITY_FEATURE_NONE or ' +
        'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION.',
    );
  });

  test('an unknown value lists every accepted spelling', () => {
    assert.deepEqual(normalizeOsType(' MUTABLEX '), {
      ok: false,
      issues: [
        {
          field: 'osType',
          rule: 'enum.unknown',
          message:
            'osType "MUTABLEX" is not recognised; accepted spellings are OS_TYPE_MUTABLE, OS_TYPE_IMMUTABLE, ' +
            'MUTABLE, OPERATING_SYSTEM_TYPE_MUTABLE, IMMUTABLE, OPERATING_SYSTEM_TYPE_IMMUTABLE.',
        },
      ],
    });
    const security = normalizeSecurityFeature('SECURE_BOOT');
    assert.equal(
      security.ok ? '' : security.issues[0]?.message,
      'securityFeature "SECURE_BOOT" is not recognised; accepted spellings are SECURITY_FEATURE_NONE, ' +
        'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION, NONE, SB_FDE, SECURE_BOOT_AND_FULL_DISK_ENCRYPTION.',
    );
    assert.deepEqual(acceptedSpellings('osProvider'), [
      'OS_PROVIDER_KIND_INFRA',
      'OS_PROVIDER_KIND_LENOVO',
      'INFRA',
      'OPERATING_SYSTEM_PROVIDER_INFRA',
      'LENOVO',
      'OPERATING_SYSTEM_PROVIDER_LENOVO',
    ]);
  });

  test('a non-string value gets the type message', () => {
    assert.deepEqual(normalizeOsType(1), {
      ok: false,
      issues: [{ field: 'osType', rule: PROFILE_RULES.fieldType.id, message: 'osType must be a string.' }],
    });
  });

  test('osFamily and source literals normalise for filters', () => {
    assert.deepEqual(normalizeEnumValue('osFamily', 'EMT'), { ok: true, value: 'emt' });
    assert.deepEqual(normalizeEnumValue('source', ' Default '), { ok: true, value: 'default' });
    assert.deepEqual(normalizeEnumValue('osFamily', 'windows'), {
      ok: false,
      issues: [
        {
          field: 'osFamily',
          rule: 'enum.unknown',
          message: 'osFamily "windows" is not recognised; accepted spellings are ubuntu, emt, other.',
        },
      ],
    });
    assert.equal(isEnumField('osType'), true);
    assert.equal(isEnumField('name'), false);
  });
});
