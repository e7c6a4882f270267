/**
 * Layouts qemu-img convert does not write: tables after their data, data in reverse guest order,
 * all tables first. Out-of-order clusters are buffered up to maxBufferBytes; what was passed and
 * not buffered comes through readRange, and without readRange the read fails clearly.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOrchError } from '../../../src/core/errors/index.js';
import { openQcow2, type OpenQcow2Options } from '../../../src/image/qcow2/open-qcow2.js';
import { craftQcow2, type CraftedCluster, type CraftOptions } from './qcow2-crafter.js';
import {
  chunked,
  collectRaw,
  fileRange,
  oracleSha256,
  prng,
  qemuImg,
  qemuIo,
  randomBytes,
  sha256,
} from './qcow2-test-support.js';

const CLUSTER_BITS = 12;
const CLUSTER = 2 ** CLUSTER_BITS;
const VIRTUAL_SIZE = 8 * 2 ** 20;

/** Every third cluster random, one zero-flag cluster, the rest unallocated: 4 L2 tables. */
function clusters(): Map<number, CraftedCluster> {
  const random = prng(7);
  const map = new Map<number, CraftedCluster>();
  for (let g = 0; g < VIRTUAL_SIZE / CLUSTER; g += 3) map.set(g, randomBytes(CLUSTER, random));
  map.set(10, 'zero');
  return map;
}

describe('qcow2 layouts out of stream order', () => {
  let dir: string;
  const files = new Map<CraftOptions['layout'], { path: string; bytes: Uint8Array; sha: string }>();
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qcow2-order-'));
    for (const layout of ['tables-first', 'data-first', 'data-reversed'] as const) {
      const bytes = craftQcow2({
        clusterBits: CLUSTER_BITS,
        virtualSize: VIRTUAL_SIZE,
        clusters: clusters(),
        layout,
      });
      const path = join(dir, `${layout}.qcow2`);
      await writeFile(path, bytes);
      files.set(layout, { path, bytes, sha: await oracleSha256(path, join(dir, `${layout}.raw`)) });
    }
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function convert(layout: CraftOptions['layout'], options: OpenQcow2Options) {
    const file = files.get(layout)!;
    const image = await openQcow2(chunked(file.bytes, 5), options);
    const raw = await collectRaw(image.extents, image.header.virtualSize);
    return { sha: sha256(raw), expected: file.sha, stats: image.stats };
  }

  test('tables after their data: readRange fetches the passed clusters, output identical', async () => {
    const range = fileRange(files.get('data-first')!.path);
    const result = await convert('data-first', { readRange: range.read });
    assert.equal(result.sha, result.expected);
    assert.ok(result.stats.rangeReads > 100, `range reads: ${result.stats.rangeReads}`);
    assert.equal(range.calls, result.stats.rangeReads);
  });

  test('tables after their data without readRange: RANGE_UNSUPPORTED naming the passed offset', async () => {
    await assert.rejects(convert('data-first', {}), (error) => {
      assert.ok(isOrchError(error, 'RANGE_UNSUPPORTED'));
      assert.match(
        error.message,
        /data cluster of guest offset 0 lies at file offset \d+, which the stream has already passed/,
      );
      return true;
    });
  });

  test('data in reverse guest order is buffered within the default cap, no range reads', async () => {
    const result = await convert('data-reversed', {});
    assert.equal(result.sha, result.expected);
    assert.equal(result.stats.rangeReads, 0);
    assert.ok(result.stats.peakBufferedBytes > 2 * 2 ** 20, `peak ${result.stats.peakBufferedBytes}`);
  });

  test('a tiny buffer cap forces the range path; the buffer never exceeds the cap plus a few clusters', async () => {
    const cap = 16 * CLUSTER;
    const range = fileRange(files.get('data-reversed')!.path);
    const result = await convert('data-reversed', { maxBufferBytes: cap, readRange: range.read });
    assert.equal(result.sha, result.expected);
    assert.ok(result.stats.rangeReads > 100, `range reads: ${result.stats.rangeReads}`);
    assert.ok(result.stats.peakBufferedBytes <= cap + 4 * CLUSTER, `peak ${result.stats.peakBufferedBytes}`);
  });

  test('a tiny buffer cap without readRange fails instead of buffering more', async () => {
    await assert.rejects(convert('data-reversed', { maxBufferBytes: 16 * CLUSTER }), (error) => {
      assert.ok(isOrchError(error, 'RANGE_UNSUPPORTED'));
      assert.match(error.message, /buffer cap of 65536 bytes/);
      return true;
    });
  });

  test('all L2 tables first: buffered by default; with a zero cap they are re-read by range', async () => {
    const buffered = await convert('tables-first', {});
    assert.equal(buffered.sha, buffered.expected);
    assert.equal(buffered.stats.rangeReads, 0);
    const range = fileRange(files.get('tables-first')!.path);
    const ranged = await convert('tables-first', { maxBufferBytes: 0, readRange: range.read });
    assert.equal(ranged.sha, ranged.expected);
    assert.equal(ranged.stats.rangeReads, 3, 'the three tables after the first are re-read');
  });

  test('qemu-io writes in backwards guest order (real qemu layout), tiny cap and readRange', async () => {
    const path = join(dir, 'backwards.qcow2');
    qemuImg('create', '-f', 'qcow2', '-o', 'cluster_size=4096', path, '4M');
    for (let i = 15; i >= 0; i--) qemuIo(path, `write -P ${i + 1} ${i * 256}k 64k`);
    const expected = await oracleSha256(path, join(dir, 'backwards.raw'));
    const bytes = await readFile(path);
    const plain = await openQcow2(chunked(bytes, 9));
    assert.equal(sha256(await collectRaw(plain.extents, plain.header.virtualSize)), expected);
    const range = fileRange(path);
    const tiny = await openQcow2(chunked(bytes, 9), { maxBufferBytes: 0, readRange: range.read });
    assert.equal(sha256(await collectRaw(tiny.extents, tiny.header.virtualSize)), expected);
    assert.ok(tiny.stats.rangeReads > 0);
  });
});
