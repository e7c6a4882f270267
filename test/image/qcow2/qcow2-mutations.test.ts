/**
 * Robustness on untrusted input: hundreds of qcow2 files with random bytes overwritten in their
 * header, L1 and L2 tables and compressed data. Each either converts or fails with an OrchError
 * of a registered code: no TypeError, RangeError or hang.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isErrorCode, isOrchError } from '../../../src/core/errors/index.js';
import { openQcow2 } from '../../../src/image/qcow2/open-qcow2.js';
import { chunked, collectRaw, prng, qemuImg } from './qcow2-test-support.js';

const MUTANTS = 300;
const MiB = 2 ** 20;

let dir: string;
let original: Uint8Array;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qcow2-mut-'));
  const raw = new Uint8Array(2 * MiB);
  for (let i = 0; i < MiB; i++) raw[i] = (i * 13) & 0xff;
  raw.fill(0x42, MiB + 4096, MiB + 300 * 1024);
  await writeFile(join(dir, 'source.raw'), raw);
  qemuImg(
    'convert',
    '-c',
    '-f',
    'raw',
    '-O',
    'qcow2',
    '-o',
    'cluster_size=4096',
    join(dir, 'source.raw'),
    join(dir, 'c.qcow2'),
  );
  original = await readFile(join(dir, 'c.qcow2'));
});
after(() => rm(dir, { recursive: true, force: true }));

test(`${MUTANTS} mutated qcow2 files convert or fail with a registered code`, async (t) => {
  const random = prng(2024);
  const outcomes = new Map<string, number>();
  for (let n = 0; n < MUTANTS; n++) {
    const bytes = Uint8Array.from(original);
    const region = n % 3 === 0 ? 128 : n % 3 === 1 ? 5 * 4096 : original.length;
    for (let k = 1 + Math.floor(random() * 4); k > 0; k--) {
      bytes[Math.floor(random() * region)] = Math.floor(random() * 256);
    }
    let outcome = 'ok';
    try {
      const image = await openQcow2(chunked(bytes, n), { limits: { maxVirtualSize: 64 * MiB } });
      await collectRaw(image.extents, image.header.virtualSize);
    } catch (error) {
      assert.ok(isOrchError(error) && isErrorCode(error.code), `mutant ${n}: ${String(error)}`);
      outcome = error.code;
    }
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  t.diagnostic(JSON.stringify(Object.fromEntries(outcomes)));
  assert.ok(outcomes.size > 2, 'the mutations reach several failure kinds');
});
