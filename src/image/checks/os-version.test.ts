import assert from 'node:assert/strict';
import { it } from 'node:test';
import { compareVersions, isDottedVersion, leadingVersion, versionCovers } from './os-version.js';

it('reads, compares and matches dotted versions', () => {
  assert.equal(leadingVersion('22.04.5 LTS (Jammy Jellyfish)'), '22.04.5');
  assert.equal(leadingVersion('LTS'), undefined);
  assert.equal(leadingVersion(undefined), undefined);
  assert.ok(versionCovers('22.04', '22.04.5'));
  assert.ok(versionCovers('22.04', '22.04'));
  assert.ok(!versionCovers('22.04', '22.041'));
  assert.ok(!versionCovers('22.04.5', '22.04'));
  assert.equal(Math.sign(compareVersions('3.10', '3.9')), 1);
  assert.equal(compareVersions('3.0', '3'), 0);
  assert.equal(Math.sign(compareVersions('2.9', '3.0')), -1);
  assert.ok(isDottedVersion('3.0'));
  assert.ok(!isDottedVersion('3.0-rc1'));
});
