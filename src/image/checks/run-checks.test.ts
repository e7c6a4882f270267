import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ImageFacts } from '../inspect/image-facts.js';
import { checksFor } from './check-catalog.js';
import { SECURE_BOOT_FEATURE } from './secure-boot-check.js';
import { reportState, runChecks } from './run-checks.js';
import { pipelineFailureResults, failedStageOf } from './pipeline-failure.js';
import { contextOf, emtFacts, sampleProfile, ubuntuFacts } from './testing/sample-facts.js';

const SOURCE = { url: 'https://images.example/os.raw', trust: 'profile' as const };

describe('runChecks', () => {
  it("runs the declared type's checks in order; all pass on good facts", () => {
    const ubuntu = runChecks(contextOf(ubuntuFacts(), sampleProfile('ubuntu')));
    assert.deepEqual(
      ubuntu.map((r) => r.id),
      [
        'source.reachable',
        'source.checksum',
        'format.detected',
        'gpt.valid',
        'disk.fits',
        'ubuntu.esp',
        'ubuntu.uefi-loader',
        'ubuntu.rootfs',
        'ubuntu.os-release',
        'ubuntu.version',
        'ubuntu.cloud-init',
        'type.matches-os',
        'secureboot.signed',
      ],
    );
    assert.deepEqual(new Set(ubuntu.map((r) => r.status)), new Set(['pass']));
    const emt = runChecks(
      contextOf(
        emtFacts(),
        sampleProfile('emt', { securityFeature: SECURE_BOOT_FEATURE, hasSecureBootCerts: true }),
      ),
    );
    assert.deepEqual(
      emt.slice(-2).map((r) => r.id),
      ['secureboot.signed', 'secureboot.sbat'],
    );
    assert.equal(emt.filter((r) => r.id.startsWith('emt.')).length, 8);
    assert.equal(reportState(emt), 'passed');
  });

  it('skips checks whose partition table or root filesystem is missing, with the reason', () => {
    const noGpt: ImageFacts = {
      ...ubuntuFacts(),
      gpt: { found: false, valid: false, protectiveMbr: false, errors: ['no GPT'], warnings: [] },
      partitions: [],
      efiBinaries: [],
      rootPaths: {},
    };
    const { rootPartition: _r, osRelease: _o, ...bare } = noGpt;
    const results = runChecks(contextOf(bare, sampleProfile('ubuntu')));
    const byId = new Map(results.map((r) => [r.id, r]));
    assert.equal(byId.get('gpt.valid')!.status, 'fail');
    assert.deepEqual(byId.get('ubuntu.esp'), {
      id: 'ubuntu.esp',
      status: 'skip',
      message: 'skipped: the image has no GPT partition table (see gpt.valid)',
    });
    assert.equal(byId.get('ubuntu.cloud-init')!.message, 'skipped: no ext4 root filesystem could be read');
    const damaged = runChecks(
      contextOf({ ...bare, problems: ['p1: ext4 superblock is corrupt'] }, sampleProfile('ubuntu')),
    );
    assert.equal(
      damaged.find((r) => r.id === 'ubuntu.os-release')!.message,
      'skipped: no ext4 root filesystem could be read (p1: ext4 superblock is corrupt)',
    );
    assert.equal(reportState(results), 'failed');
  });

  it('reportState: failed over warned over passed', () => {
    assert.equal(reportState([{ status: 'pass' }, { status: 'warn' }]), 'warned');
    assert.equal(reportState([{ status: 'warn' }, { status: 'fail' }]), 'failed');
    assert.equal(reportState([{ status: 'pass' }, { status: 'skip' }]), 'passed');
  });
});

describe('pipelineFailureResults', () => {
  const profile = sampleProfile('ubuntu');

  it('a TLS failure fails source.reachable with its code and skips every later check', () => {
    const results = pipelineFailureResults(
      { code: 'TLS_UNTRUSTED', message: 'certificate not trusted' },
      profile,
      SOURCE,
    );
    assert.equal(results.length, checksFor(profile).length);
    assert.equal(results[0]!.status, 'fail');
    assert.equal(results[0]!.message, 'TLS_UNTRUSTED: certificate not trusted');
    for (const later of results.slice(1)) {
      assert.equal(later.status, 'skip');
      assert.equal(later.message, 'skipped: source.reachable failed');
    }
  });

  it('a checksum mismatch passes reachable, fails source.checksum, skips the rest', () => {
    const results = pipelineFailureResults(
      { code: 'CHECKSUM_MISMATCH', message: 'sha256 mismatch: expected a, got b', details: { bytes: 10 } },
      profile,
      SOURCE,
    );
    assert.deepEqual(
      results.slice(0, 3).map((r) => r.status),
      ['pass', 'fail', 'skip'],
    );
    assert.equal(
      results[0]!.message,
      "fetched 10 bytes from https://images.example/os.raw, trusting only the profile's certificate",
    );
    assert.equal(results[2]!.message, 'skipped: source.checksum failed');
  });

  it('maps each code to its stage', () => {
    assert.equal(failedStageOf({ code: 'QCOW2_BACKING_FILE', message: '' }), 'format.detected');
    assert.equal(failedStageOf({ code: 'UNSUPPORTED_FORMAT', message: '' }), 'format.detected');
    assert.equal(failedStageOf({ code: 'TARGET_TOO_SMALL', message: '' }), 'disk.fits');
    assert.equal(
      failedStageOf({ code: 'InvalidArgument', message: '', details: { field: 'expectedSha256' } }),
      'source.checksum',
    );
    assert.equal(failedStageOf({ code: 'HTTP_NOT_FOUND', message: '' }), 'source.reachable');
    // A stream that ended early: the download when the source cut it, the format when the file did.
    const cutDownload = {
      code: 'TRUNCATED' as const,
      message: '',
      details: { url: 'https://x/', received: 5 },
    };
    assert.equal(failedStageOf(cutDownload), 'source.reachable');
    const cutGzip = {
      code: 'TRUNCATED' as const,
      message: 'The gzip stream ended',
      details: { compression: 'gzip' },
    };
    assert.equal(failedStageOf(cutGzip), 'format.detected');
    assert.equal(failedStageOf({ code: 'TRUNCATED', message: 'qcow2 file ends at 512' }), 'format.detected');
    const gzipLine = pipelineFailureResults(cutGzip, profile, SOURCE).find(
      (r) => r.id === 'format.detected',
    )!;
    assert.deepEqual([gzipLine.status, gzipLine.evidence?.['code']], ['fail', 'TRUNCATED']);
    const format = pipelineFailureResults(
      { code: 'UNSUPPORTED_FORMAT', message: 'not an image' },
      profile,
      SOURCE,
    );
    assert.deepEqual(
      format.slice(0, 4).map((r) => r.status),
      ['pass', 'skip', 'fail', 'skip'],
    );
    assert.match(format[1]!.message, /^not verified: the image could not be decoded/);
    assert.equal(
      format[0]!.message,
      "connected to https://images.example/os.raw, trusting only the profile's certificate",
    );
  });
});
