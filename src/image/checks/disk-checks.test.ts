import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ImageFacts } from '../inspect/image-facts.js';
import { diskFits, gptValid } from './disk-checks.js';
import { formatDetected, sourceChecksum, sourceReachable } from './source-checks.js';
import { contextOf, sampleProfile, ubuntuFacts } from './testing/sample-facts.js';

const MIB = 1024 * 1024;
const run = (check: typeof gptValid, facts: ImageFacts = ubuntuFacts(), smallest?: number) =>
  check.run(
    contextOf(facts, sampleProfile('ubuntu'), smallest === undefined ? {} : { smallestDiskBytes: smallest }),
  );
const gpt = (change: Partial<ImageFacts['gpt']>): ImageFacts => ({
  ...ubuntuFacts(),
  gpt: { ...ubuntuFacts().gpt, ...change },
});

describe('disk checks', () => {
  it('gpt.valid passes, warns on warnings, fails on errors and on a missing GPT', () => {
    assert.equal(run(gptValid).message, 'GPT valid: both headers and entry arrays, 2 partitions');
    assert.equal(run(gptValid, gpt({ warnings: ['hybrid MBR'] })).status, 'warn');
    const crc = run(gptValid, gpt({ valid: false, errors: ['primary header CRC32 mismatch', 'second'] }));
    assert.equal(crc.status, 'fail');
    assert.equal(crc.message, 'GPT invalid: primary header CRC32 mismatch (and 1 more)');
    const mbr = run(
      gptValid,
      gpt({ found: false, valid: false, errors: ['no GPT (the disk has an MBR only)'] }),
    );
    assert.equal(
      mbr.message,
      'no GPT partition table: no GPT (the disk has an MBR only); expected a GPT disk (UEFI boot)',
    );
  });

  it('disk.fits compares the virtual size with the smallest disk', () => {
    assert.equal(run(diskFits).status, 'pass');
    const verdict = run(diskFits, undefined, 32 * MIB);
    assert.equal(verdict.status, 'fail');
    assert.equal(
      verdict.message,
      "the image's disk is 64 MiB (67108864 bytes), larger than the smallest supported disk of 32 MiB (33554432 bytes)",
    );
  });

  it('the source checks pass with what the pipeline measured', () => {
    assert.equal(
      run(sourceReachable).message,
      "fetched 67108864 bytes from https://images.example/os.raw, trusting only the profile's certificate",
    );
    assert.equal(run(sourceChecksum).message, `sha256 ${'ab'.repeat(32)} matches the profile`);
    assert.equal(
      run(formatDetected, { ...ubuntuFacts(), formatChain: ['zstd', 'qcow2'] }).message,
      'format zstd > qcow2, disk of 64 MiB (67108864 bytes)',
    );
  });
});
