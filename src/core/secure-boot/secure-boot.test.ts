import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDbxInput } from './dbx-input.js';
import { parseSbat, parseSbatLevel, sbatRevocations } from './sbat.js';

const GRUB_SBAT =
  'sbat,1,SBAT Version,sbat,1,https://github.com/rhboot/shim/blob/main/SBAT.md\n' +
  'grub,4,Free Software Foundation,grub,2.06,https://www.gnu.org/software/grub/\n' +
  'grub.debian,4,Debian,grub2,2.06-13,https://tracker.debian.org/pkg/grub2\n\0\0\0';

describe('SBAT', () => {
  it('parses a .sbat (NUL padding ignored) and a revocation level', () => {
    const sbat = parseSbat(GRUB_SBAT);
    assert.ok(sbat.ok);
    assert.deepEqual(
      sbat.entries.map((e) => [e.component, e.generation, e.vendor, e.version]),
      [
        ['sbat', 1, 'SBAT Version', '1'],
        ['grub', 4, 'Free Software Foundation', '2.06'],
        ['grub.debian', 4, 'Debian', '2.06-13'],
      ],
    );
    const level = parseSbatLevel('sbat,1,2024010900\nshim,4\ngrub,3\n');
    assert.deepEqual(level, {
      ok: true,
      entries: [
        { component: 'sbat', generation: 1 },
        { component: 'shim', generation: 4 },
        { component: 'grub', generation: 3 },
      ],
    });
  });

  it('revokes a component whose generation is below the level, and nothing else', () => {
    const sbat = parseSbat(GRUB_SBAT);
    assert.ok(sbat.ok);
    const revoked = sbatRevocations(sbat.entries, [
      { component: 'sbat', generation: 1 },
      { component: 'grub', generation: 5 },
      { component: 'grub.debian', generation: 4 },
      { component: 'shim', generation: 9 },
    ]);
    assert.deepEqual(
      revoked.map((r) => [r.entry.component, r.entry.generation, r.level.generation]),
      [['grub', 4, 5]],
    );
    assert.deepEqual(sbatRevocations(sbat.entries, [{ component: 'grub', generation: 4 }]), []);
  });

  it('names the bad line of a malformed .sbat or level', () => {
    assert.deepEqual(parseSbat('grub,four,FSF\n'), {
      ok: false,
      problem: '.sbat line 1 "grub,four,FSF" is not component_name,component_generation[,...]',
    });
    assert.deepEqual(parseSbatLevel('sbat,1\ngrub', "the profile's sbatLevel"), {
      ok: false,
      problem: `the profile's sbatLevel line 2 "grub" is not component_name,component_generation[,...]`,
    });
  });
});

describe('dbx input', () => {
  it('takes SHA-256 hashes (sha256: prefix, comments, duplicates once) and PEM certificates', () => {
    const hash = 'AB'.repeat(32);
    const parsed = parseDbxInput(`# kernel\nsha256:${hash}\n${hash.toLowerCase()}  # again\n`);
    assert.deepEqual(parsed, { ok: true, value: { certificates: [], sha256: ['ab'.repeat(32)] } });
    assert.deepEqual(parseDbxInput(''), { ok: true, value: { certificates: [], sha256: [] } });
  });

  it('names a line that is neither a hash nor a certificate', () => {
    assert.deepEqual(parseDbxInput('sha256:abc\n'), {
      ok: false,
      problem:
        'secureBootDbx: line 1 "sha256:abc" is neither a PEM certificate nor a SHA-256 hash (64 hex digits).',
    });
    const key = parseDbxInput('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
    assert.equal(key.ok, false);
    assert.match(key.ok ? '' : key.problem, /contains a private key/);
  });
});
