/**
 * Constant memory: a 4 GiB sparse qcow2 streamed from disk in 64 KiB chunks. The extents match
 * qemu-img's allocation map and the written patterns, the holes are never materialised, and the
 * reader's buffer and the process RSS stay small.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openQcow2 } from '../../../src/image/qcow2/open-qcow2.js';
import { forceGc } from '../../support/force-gc.js';
import { qemuImg, qemuIo } from './qcow2-test-support.js';

const MiB = 2 ** 20;
const GiB = 2 ** 30;
/** [offset, length, pattern byte] written with qemu-io. */
const WRITES = [
  [0, 4 * MiB, 0xab],
  [2 * GiB, 3 * MiB, 0xcd],
  [4 * GiB - 4 * MiB, 4 * MiB, 0xef],
] as const;

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qcow2-mem-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('a 4 GiB sparse qcow2 streams in constant memory and matches qemu-img map', async (t) => {
  const path = join(dir, 'sparse.qcow2');
  qemuImg('create', '-f', 'qcow2', path, '4G');
  for (const [offset, length, pattern] of WRITES) qemuIo(path, `write -P ${pattern} ${offset} ${length}`);
  const map = JSON.parse(qemuImg('map', '--output=json', '-f', 'qcow2', path)) as {
    start: number;
    length: number;
    data: boolean;
  }[];
  const expectedData = map.filter((m) => m.data).map((m) => [m.start, m.length]);

  forceGc();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const cap = 8 * MiB;
  const image = await openQcow2(createReadStream(path, { highWaterMark: 64 * 1024 }), {
    maxBufferBytes: cap,
  });
  assert.equal(image.header.virtualSize, 4 * GiB);
  const data: [number, number][] = [];
  let covered = 0;
  for await (const extent of image.extents) {
    assert.equal(extent.offset, covered);
    if (extent.kind === 'data') {
      const write = WRITES.find(([o, l]) => extent.offset >= o && extent.offset < o + l)!;
      assert.ok(
        extent.data.every((b) => b === write[2]),
        `pattern at ${extent.offset}`,
      );
      const last = data[data.length - 1];
      if (last && last[0] + last[1] === extent.offset) last[1] += extent.data.length;
      else data.push([extent.offset, extent.data.length]);
      covered += extent.data.length;
    } else {
      covered += extent.length;
    }
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }
  assert.equal(covered, 4 * GiB);
  assert.deepEqual(data, expectedData);
  assert.ok(image.stats.peakBufferedBytes <= MiB, `reader buffer peak ${image.stats.peakBufferedBytes}`);
  const growth = rssPeak - rssBefore;
  t.diagnostic(
    `reader buffer peak ${image.stats.peakBufferedBytes} B, RSS growth ${(growth / MiB).toFixed(1)} MiB`,
  );
  // Well under the default 64 MiB buffer cap: the 4 GiB of holes are never materialised.
  assert.ok(growth < 64 * MiB, `RSS grew by ${(growth / MiB).toFixed(1)} MiB`);
});
