/**
 * The report does not depend on how the image is hosted: raw, gzip, zstd or qcow2 give the same
 * checks, statuses and messages. Only what describes the hosted file itself differs: its size and
 * sha256 (source.reachable, source.checksum) and the format chain (format.detected).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EXPECTED_CHAIN, type ImageEncoding } from '../../fixtures/disk-image/encode-image.js';
import type { OsImageVariant } from '../../fixtures/os-images/os-image-variants.js';
import type { ValidationReport } from '../../../src/image/validate/index.js';
import { fixtures, scratchLeftovers, serveVariants, validateServed } from './validate-harness.js';

const ENCODINGS: readonly ImageEncoding[] = ['raw', 'raw.gz', 'raw.zst', 'qcow2-v3', 'qcow2.zst'];
/** Variants: the good ones, and one with failures so that failing messages are compared too. */
const VARIANTS: readonly OsImageVariant[] = ['ubuntu', 'emt', 'ubuntu-other-key-loader'];
const HOSTED_FILE_CHECKS = new Set(['source.reachable', 'source.checksum', 'format.detected']);

let served: Awaited<ReturnType<typeof serveVariants>>;

before(async () => {
  served = await serveVariants(VARIANTS.flatMap((v) => ENCODINGS.map((e) => [v, e] as const)));
});
after(async () => {
  await served.server.close();
  fixtures.remove();
});

/** The report without what describes the hosted file. */
function imageSide(report: ValidationReport): unknown {
  const { formatChain: _c, hostedBytes: _h, sha256: _s, ...facts } = report.facts!;
  return {
    state: report.state,
    checks: report.checks.map((c) => (HOSTED_FILE_CHECKS.has(c.id) ? { id: c.id, status: c.status } : c)),
    facts,
  };
}

describe('reports are identical across hosted forms', () => {
  for (const variant of VARIANTS) {
    it(variant, async () => {
      const reports = new Map<ImageEncoding, ValidationReport>();
      for (const encoding of ENCODINGS)
        reports.set(encoding, await validateServed(served, { variant, encoding }));
      const reference = imageSide(reports.get('raw')!);
      for (const [encoding, report] of reports) {
        assert.deepEqual(imageSide(report), reference, encoding);
        assert.deepEqual(report.facts!.formatChain, EXPECTED_CHAIN[encoding]);
        assert.equal(report.facts!.sha256, served.sha256(variant, encoding));
        const format = report.checks.find((c) => c.id === 'format.detected')!;
        assert.match(format.message, new RegExp(`^format ${EXPECTED_CHAIN[encoding].join(' > ')},`));
      }
      assert.deepEqual(scratchLeftovers(), []);
    });
  }
});
