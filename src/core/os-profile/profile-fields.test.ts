import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RuleOutcome } from './field-issue.js';
import {
  DEFAULT_ARCHITECTURE,
  normalizeArchitecture,
  normalizeDescription,
  normalizeImageId,
  normalizeName,
  normalizeProfileName,
  normalizePlatformBundle,
  normalizeSha256,
  normalizeText,
  longerThan,
} from './profile-fields.js';

/** Asserts a refusal with exactly one issue and returns it. */
function refused(result: RuleOutcome<unknown>, field: string, rule: string, message: string): void {
  assert.deepEqual(result, { ok: false, issues: [{ field, rule, message }] });
}

describe('name', () => {
  test('trimmed, 1..128 characters counted as code points', () => {
    assert.deepEqual(normalizeName('  Ubuntu 22.04.5 LTS '), { ok: true, value: 'Ubuntu 22.04.5 LTS' });
    assert.deepEqual(normalizeName('é'.repeat(128)), { ok: true, value: 'é'.repeat(128) });
    assert.deepEqual(normalizeName('😀'.repeat(128)).ok, true);
  });
  test('refusals', () => {
    for (const raw of [undefined, null, '', '  '])
      refused(normalizeName(raw), 'name', 'name.required', 'name is required.');
    refused(normalizeName('x'.repeat(129)), 'name', 'name.length', 'name must be 1 to 128 characters long.');
    refused(
      normalizeName('a\tb'),
      'name',
      'name.characters',
      'name must not contain control characters (tabs, line breaks).',
    );
    refused(normalizeName(5), 'name', 'field.type', 'name must be a string.');
  });
});

describe('profileName', () => {
  const format =
    "profileName must be at most 128 characters of letters, digits, '.', '_' and '-', starting with a letter " +
    'or digit (e.g. ubuntu-22.04-lts-generic).';
  test('accepts EMF profile names', () => {
    for (const value of ['ubuntu-22.04-lts-generic', 'microvisor-nonrt', 'My_Profile.v2', 'x'.repeat(128)]) {
      assert.deepEqual(normalizeProfileName(` ${value} `), { ok: true, value });
    }
  });
  test('refusals', () => {
    refused(
      normalizeProfileName(''),
      'profileName',
      'profileName.required',
      'profileName is required (e.g. ubuntu-22.04-lts-generic).',
    );
    for (const raw of ['-leading', 'has space', 'slash/no', 'x'.repeat(129), 'ünïcode']) {
      refused(normalizeProfileName(raw), 'profileName', 'profileName.format', format);
    }
  });
});

describe('sha256', () => {
  const hex = 'B9B65A7E045CA262AD614CBEDEAA1BF34B9325D76F856E85E17B68984E7A4314';
  test('any case, stored lower-case', () => {
    assert.deepEqual(normalizeSha256(` ${hex} `), { ok: true, value: hex.toLowerCase() });
    assert.deepEqual(normalizeSha256(hex.toLowerCase()), { ok: true, value: hex.toLowerCase() });
  });
  test('refusals', () => {
    refused(
      normalizeSha256(undefined),
      'sha256',
      'sha256.required',
      'sha256 is required: the SHA-256 of the image file exactly as hosted.',
    );
    const format =
      'sha256 must be 64 hexadecimal characters: the SHA-256 of the image file exactly as hosted.';
    for (const raw of [hex.slice(1), `${hex}0`, `${hex.slice(1)}g`, `sha256:${hex}`]) {
      refused(normalizeSha256(raw), 'sha256', 'sha256.format', format);
    }
  });
});

describe('imageId', () => {
  test('version tokens', () => {
    for (const value of ['22.04.5', '3.0.20260602.2200', '1.0+build_7-rc1']) {
      assert.deepEqual(normalizeImageId(value), { ok: true, value });
    }
  });
  test('refusals', () => {
    refused(
      normalizeImageId(' '),
      'imageId',
      'imageId.required',
      'imageId (the OS image version, e.g. 22.04.5) is required.',
    );
    const format =
      "imageId must be at most 64 characters of letters, digits, '.', '_', '-' and '+', starting with a letter " +
      'or digit (e.g. 22.04.5 or 3.0.20260602.2200).';
    for (const raw of ['.1', '1 2', 'v'.repeat(65)])
      refused(normalizeImageId(raw), 'imageId', 'imageId.format', format);
  });
});

describe('architecture, description, text fields, platformBundle', () => {
  test('architecture defaults to x86_64', () => {
    assert.equal(DEFAULT_ARCHITECTURE, 'x86_64');
    assert.deepEqual(normalizeArchitecture(undefined), { ok: true, value: 'x86_64' });
    assert.deepEqual(normalizeArchitecture(''), { ok: true, value: 'x86_64' });
    assert.deepEqual(normalizeArchitecture('aarch64'), { ok: true, value: 'aarch64' });
    refused(
      normalizeArchitecture('x86 64'),
      'architecture',
      'architecture.format',
      "architecture must be 1 to 32 characters of letters, digits, '_' and '-' (e.g. x86_64).",
    );
  });
  test('description is free text up to 2048 characters', () => {
    assert.deepEqual(normalizeDescription(' line one\nline two '), {
      ok: true,
      value: ' line one\nline two ',
    });
    assert.deepEqual(normalizeDescription(undefined), { ok: true, value: '' });
    refused(
      normalizeDescription('d'.repeat(2049)),
      'description',
      'description.length',
      'description must be at most 2048 characters.',
    );
  });
  test('text fields are capped', () => {
    assert.deepEqual(normalizeText('fixedCves', '[]'), { ok: true, value: '[]' });
    refused(
      normalizeText('existingCves', 'c'.repeat(65537)),
      'existingCves',
      'text.length',
      'existingCves must be at most 65536 characters.',
    );
    refused(
      normalizeText('installedPackages', []),
      'installedPackages',
      'field.type',
      'installedPackages must be a string.',
    );
  });
  test('platformBundle: string kept, object stored as JSON text', () => {
    assert.deepEqual(normalizePlatformBundle('{"a":1}'), { ok: true, value: '{"a":1}' });
    assert.deepEqual(normalizePlatformBundle({ artifact: 'x', n: 2 }), {
      ok: true,
      value: '{"artifact":"x","n":2}',
    });
    assert.deepEqual(normalizePlatformBundle(null), { ok: true, value: '' });
    refused(
      normalizePlatformBundle([1]),
      'platformBundle',
      'field.type',
      'platformBundle must be a string or a JSON object.',
    );
  });
});

describe('longerThan', () => {
  test('counts code points, and judges huge text without splitting it', () => {
    assert.equal(longerThan('abc', 3), false);
    assert.equal(longerThan('abcd', 3), true);
    assert.equal(longerThan('😀😀😀', 3), false);
    assert.equal(longerThan('😀😀😀😀', 3), true);
    assert.equal(longerThan('x'.repeat(1_000_000), 128), true);
  });
});
