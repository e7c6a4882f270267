import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGpt } from '../../../src/image/gpt/gpt-create.js';
import { PARTITION_TYPES } from '../../../src/image/gpt/partition-types.js';
import { describeFile, type FixtureFile } from '../../fixtures/disk-image/disk-image-fixtures.js';
import { encodeImage } from '../../fixtures/disk-image/encode-image.js';
import type { ImageServer } from '../../support/https-server/image-server.js';
import { forceGc } from '../../support/force-gc.js';
import { runToTarget, sgdiskVerify, startServer } from './pipeline-harness.js';

const MIB = 1024 * 1024;
/** 1 GiB keeps the suite fast; the benchmark runs the same pipeline on 4 GiB (`--size 4G`). */
const IMAGE_SIZE = 1024 * MIB;
const RSS_GROWTH_LIMIT = 150 * MIB;

/** A sparse GPT disk of IMAGE_SIZE with 24 MiB of random data in 8 places. */
async function sparseDisk(path: string): Promise<void> {
  const gpt = createGpt({
    diskSize: IMAGE_SIZE,
    partitions: [
      { name: 'rootfs', typeGuid: PARTITION_TYPES.linuxFilesystem.guid, sizeBytes: IMAGE_SIZE - 4 * MIB },
    ],
  });
  const file = await open(path, 'w');
  try {
    await file.truncate(IMAGE_SIZE);
    await file.write(gpt.primary, 0, gpt.primary.byteLength, 0);
    await file.write(gpt.backup, 0, gpt.backup.byteLength, gpt.backupOffset);
    for (let i = 0; i < 8; i++) await file.write(randomBytes(3 * MIB), 0, 3 * MIB, (i * 120 + 2) * MIB);
  } finally {
    await file.close();
  }
}

/** Samples this process's RSS every 10 ms while `work` runs; returns the growth over the start. */
async function rssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  forceGc();
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    const result = await work();
    return { result, growth: Math.max(peak, process.memoryUsage.rss()) - start };
  } finally {
    clearInterval(timer);
  }
}

describe('image pipeline memory: a 1 GiB mostly-sparse image streams in bounded memory', () => {
  let dir: string;
  let server: ImageServer;
  let caPem: string;
  const hosted = new Map<string, FixtureFile>();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edge-orch-memory-'));
    const raw = join(dir, 'disk.raw');
    await sparseDisk(raw);
    for (const encoding of ['raw.zst', 'qcow2-v3'] as const) {
      hosted.set(encoding, await describeFile(await encodeImage(raw, encoding, dir)));
    }
    await rm(raw);
    ({ server, caPem } = await startServer(
      Object.fromEntries([...hosted].map(([e, f]) => [`/${e}`, { file: f.path }])),
    ));
  });

  after(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const encoding of ['raw.zst', 'qcow2-v3'] as const) {
    test(`${encoding}: RSS grows by less than ${RSS_GROWTH_LIMIT / MIB} MiB, the target stays sparse`, async () => {
      const target = join(dir, `target-${encoding}.img`);
      const file = hosted.get(encoding)!;
      const { result, growth } = await rssGrowth(() =>
        runToTarget({
          url: server.url(`/${encoding}`),
          caPem,
          expectedSha256: file.sha256,
          target,
          targetSize: IMAGE_SIZE + 16 * MIB,
        }),
      );
      assert.equal(result.virtualSize, IMAGE_SIZE);
      assert.ok(growth < RSS_GROWTH_LIMIT, `RSS grew by ${(growth / MIB).toFixed(0)} MiB`);
      const allocated = (await stat(target)).blocks * 512;
      assert.ok(allocated < 64 * MIB, `target allocates ${(allocated / MIB).toFixed(0)} MiB`);
      assert.ok((await sgdiskVerify(target)).clean);
      await rm(target);
    });
  }
});
