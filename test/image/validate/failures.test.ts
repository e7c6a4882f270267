/**
 * Pipeline failures become report lines with the real reason (wrong certificate, checksum, format,
 * missing file, insecure URL) and skipped later checks; cancellation rejects; the scratch file is
 * always gone afterwards.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isOrchError } from '../../../src/core/errors/index.js';
import { validateImage, type ValidationReport } from '../../../src/image/validate/index.js';
import { describeFile } from '../../fixtures/disk-image/disk-image-fixtures.js';
import { runTool } from '../../fixtures/disk-image/run-tool.js';
import { loadTestCertificates } from '../../support/tls/test-certificates.js';
import {
  fixtures,
  profileFor,
  scratchDir,
  scratchLeftovers,
  startServer,
  type ValidationServer,
} from './validate-harness.js';

let served: ValidationServer;
let good: { path: string; sha256: string };
let backed: { path: string; sha256: string };
/** The good image gzipped, cut in half: the file arrives whole, its stream ends early. */
let cut: Uint8Array;

before(async () => {
  good = await fixtures.image('ubuntu');
  // A qcow2 that needs a backing file: self-contained images only.
  const dir = await mkdtemp(join(fixtures.dir, 'backed-'));
  const path = join(dir, 'overlay.qcow2');
  await runTool('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', good.path, '-F', 'raw', path]);
  backed = await describeFile(path);
  const whole = gzipSync(await readFile(good.path), { level: 1 });
  cut = whole.subarray(0, Math.floor(whole.byteLength / 2));
  served = await startServer({
    '/ubuntu.raw': { file: good.path },
    '/overlay.qcow2': { file: backed.path },
    '/cut.raw.gz': cut,
  });
});
after(async () => {
  await served.server.close();
  fixtures.remove();
});

async function run(overrides: Record<string, unknown> = {}, path = '/ubuntu.raw', sha256 = good.sha256) {
  return validateImage(
    {
      url: served.server.url(path),
      sha256,
      caPem: served.caPem,
      ...(await profileFor('ubuntu')),
      ...overrides,
    },
    { scratchDir },
  );
}

function assertSkippedAfter(report: ValidationReport, failed: string): void {
  const index = report.checks.findIndex((c) => c.id === failed);
  for (const later of report.checks.slice(index + 1)) {
    assert.deepEqual([later.status, later.message], ['skip', `skipped: ${failed} failed`], later.id);
  }
  assert.equal(report.state, 'failed');
  assert.equal(report.facts, undefined);
  assert.deepEqual(scratchLeftovers(), []);
}

describe('pipeline failures in the report', () => {
  it('a certificate that does not anchor the server fails source.reachable with TLS_UNTRUSTED', async () => {
    const certs = await loadTestCertificates();
    const report = await run({ caPem: certs.otherCa.cert });
    const [reachable] = report.checks;
    assert.equal(reachable!.id, 'source.reachable');
    assert.equal(reachable!.status, 'fail');
    assert.match(reachable!.message, /^TLS_UNTRUSTED: /);
    assert.equal(reachable!.evidence?.code, 'TLS_UNTRUSTED');
    assertSkippedAfter(report, 'source.reachable');
  });

  it('a checksum mismatch fails source.checksum naming both digests', async () => {
    const wrong = 'ab'.repeat(32);
    const report = await run({}, '/ubuntu.raw', wrong);
    const [reachable, checksum] = report.checks;
    assert.equal(reachable!.status, 'pass');
    assert.match(reachable!.message, /^fetched 23068672 bytes from https:\/\/127\.0\.0\.1:\d+\/ubuntu\.raw/);
    assert.equal(checksum!.status, 'fail');
    assert.match(checksum!.message, /^CHECKSUM_MISMATCH: /);
    assert.ok(
      checksum!.message.includes(wrong) && checksum!.message.includes(good.sha256),
      checksum!.message,
    );
    assertSkippedAfter(report, 'source.checksum');
  });

  it('an upper-case checksum is the same checksum', async () => {
    const report = await run({}, '/ubuntu.raw', good.sha256.toUpperCase());
    assert.equal(report.state, 'passed');
  });

  it('a qcow2 with a backing file fails format.detected with QCOW2_BACKING_FILE', async () => {
    const report = await run({}, '/overlay.qcow2', backed.sha256);
    const [reachable, checksum, format] = report.checks;
    assert.equal(reachable!.status, 'pass');
    assert.deepEqual(
      [checksum!.status, checksum!.message.startsWith('not verified: the image could not be decoded')],
      ['skip', true],
    );
    assert.equal(format!.status, 'fail');
    assert.match(format!.message, /^QCOW2_BACKING_FILE: /);
    assertSkippedAfter(report, 'format.detected');
  });

  it('a gzip file that arrived whole but ends early fails format.detected with TRUNCATED', async () => {
    const report = await run({}, '/cut.raw.gz', createHash('sha256').update(cut).digest('hex'));
    const [reachable, , format] = report.checks;
    assert.equal(reachable!.status, 'pass');
    assert.match(reachable!.message, /^connected to https:\/\/127\.0\.0\.1:\d+\/cut\.raw\.gz/);
    assert.equal(format!.status, 'fail');
    assert.match(format!.message, /^TRUNCATED: The gzip stream ended before its end/);
    assert.equal(format!.evidence?.code, 'TRUNCATED');
    assertSkippedAfter(report, 'format.detected');
  });

  it('a declared format the content contradicts fails format.detected with FORMAT_MISMATCH', async () => {
    const report = await run({ declared: { format: 'qcow2' } });
    const format = report.checks.find((c) => c.id === 'format.detected')!;
    assert.match(format.message, /^FORMAT_MISMATCH: .*format declared qcow2, content is raw/);
    assertSkippedAfter(report, 'format.detected');
  });

  it('a missing file fails source.reachable with HTTP_NOT_FOUND; http:// with INSECURE_URL', async () => {
    const missing = await run({}, '/nothing.raw');
    assert.match(missing.checks[0]!.message, /^HTTP_NOT_FOUND: /);
    assertSkippedAfter(missing, 'source.reachable');
    const insecure = await validateImage(
      { url: 'http://127.0.0.1:1/x.raw', sha256: good.sha256, ...(await profileFor('ubuntu')) },
      { scratchDir },
    );
    assert.match(insecure.checks[0]!.message, /^INSECURE_URL: /);
    assertSkippedAfter(insecure, 'source.reachable');
  });
});

describe('input the profile got wrong', () => {
  it('text that is not a URL fails source.reachable; a malformed sha256 fails source.checksum', async () => {
    const profile = await profileFor('ubuntu');
    const notUrl = await validateImage({ url: 'not a url', sha256: good.sha256, ...profile }, { scratchDir });
    assert.match(notUrl.checks[0]!.message, /^InvalidArgument: the image URL .* is not a valid URL/);
    assertSkippedAfter(notUrl, 'source.reachable');
    const badDigest = await run({}, '/ubuntu.raw', 'xyz');
    assert.deepEqual(badDigest.checks[0], {
      id: 'source.reachable',
      status: 'skip',
      message: 'not tried: the expected sha256 is malformed',
    });
    assert.equal(badDigest.checks[1]!.id, 'source.checksum');
    assert.match(
      badDigest.checks[1]!.message,
      /^InvalidArgument: The expected sha256 must be 64 hex digits, got "xyz"/,
    );
    assertSkippedAfter(badDigest, 'source.checksum');
  });

  it('a pre-signed URL appears in the report with its query values redacted', async () => {
    const report = await run({}, '/ubuntu.raw?X-Amz-Signature=secret123&X-Amz-Expires=600');
    assert.equal(report.state, 'passed');
    assert.match(
      report.checks[0]!.message,
      /\/ubuntu\.raw\?X-Amz-Signature=REDACTED&X-Amz-Expires=REDACTED,/,
    );
    assert.ok(!JSON.stringify(report).includes('secret123'));
  });
});

describe('the run', () => {
  it('reports progress through download, inspection and checks', async () => {
    const stages: string[] = [];
    const report = await validateImage(
      {
        url: served.server.url('/ubuntu.raw'),
        sha256: good.sha256,
        caPem: served.caPem,
        ...(await profileFor('ubuntu')),
      },
      { scratchDir, onProgress: (event) => stages.push(event.stage) },
    );
    assert.equal(report.state, 'passed');
    assert.ok(report.durationMs > 0);
    const order = [...new Set(stages)];
    assert.deepEqual(order.slice(-3), ['done', 'inspecting', 'checking']);
    assert.ok(order.includes('downloading'));
  });

  it('a cancelled run rejects with ABORTED and leaves no scratch file', async () => {
    const controller = new AbortController();
    const running = validateImage(
      {
        url: served.server.url('/ubuntu.raw'),
        sha256: good.sha256,
        caPem: served.caPem,
        ...(await profileFor('ubuntu')),
      },
      {
        scratchDir,
        signal: controller.signal,
        onProgress: (event) => event.stage === 'downloading' && controller.abort(),
      },
    );
    await assert.rejects(running, (error) => isOrchError(error, 'ABORTED'));
    assert.deepEqual(scratchLeftovers(), []);
  });
});
