import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProgressEvent } from '../../../src/image/progress/progress-event.js';
import type { FixtureFile } from '../../fixtures/disk-image/disk-image-fixtures.js';
import type { ImageServer } from '../../support/https-server/image-server.js';
import { mulberry32 } from '../../support/seeded-random.js';
import {
  runToTarget,
  sameImageContent,
  sgdiskVerify,
  startServer,
  testFixtures,
  TEST_DISK,
} from './pipeline-harness.js';

const MIB = 1024 * 1024;
const DROPS = 20;

/** `count` distinct offsets in (0, size), spread at random from a fixed seed (a failure reruns alike). */
function randomOffsets(count: number, size: number): number[] {
  const random = mulberry32(2026);
  const offsets = new Set<number>();
  while (offsets.size < count) offsets.add(1 + Math.floor(random() * (size - 2)));
  return [...offsets].sort((a, b) => a - b);
}

describe('image pipeline over HTTPS: resume and progress', () => {
  let dir: string;
  let server: ImageServer;
  let caPem: string;
  let raw: FixtureFile;
  let zst: FixtureFile;
  let qcow2: FixtureFile;
  let drops: number[];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edge-orch-resume-'));
    const fixtures = testFixtures();
    raw = await fixtures.raw();
    zst = await fixtures.encoded('raw.zst');
    qcow2 = await fixtures.encoded('qcow2.gz');
    drops = randomOffsets(DROPS, zst.size);
    ({ server, caPem } = await startServer({
      '/dropping.raw.zst': { content: { file: zst.path }, faults: { dropAt: drops } },
      // ~1.5 s of transfer, so the progress throttle has something to throttle.
      '/slow.qcow2.gz': {
        content: { file: qcow2.path },
        faults: { bytesPerSecond: Math.ceil(qcow2.size / 1.5) },
      },
    }));
  });

  after(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test(`${DROPS} dropped connections during a compressed download: same result, ${DROPS} resumes, no restart`, async () => {
    const target = join(dir, 'dropping.img');
    const result = await runToTarget({
      url: server.url('/dropping.raw.zst'),
      caPem,
      expectedSha256: zst.sha256,
      target,
      targetSize: TEST_DISK.size + 2 * MIB,
      rawSha256: true,
    });
    assert.equal(result.resumes, DROPS, `drops at ${drops.join(',')}`);
    assert.equal(result.restarts, 0);
    assert.equal(result.sha256, zst.sha256);
    assert.equal(result.rawSha256, raw.sha256);
    assert.ok(await sameImageContent(target, raw.path, TEST_DISK.size));
    assert.ok((await sgdiskVerify(target)).clean);
    const ranged = server.requests.filter((r) => r.path === '/dropping.raw.zst' && r.status === 206);
    assert.equal(ranged.length, DROPS, 'each drop resumed with one Range request');
  });

  test('progress: stages in order, counts monotonic, byte updates at most 4 per second', async () => {
    const events: (ProgressEvent & { at: number })[] = [];
    const target = join(dir, 'slow.img');
    const result = await runToTarget({
      url: server.url('/slow.qcow2.gz'),
      caPem,
      expectedSha256: qcow2.sha256,
      target,
      targetSize: TEST_DISK.size,
      onProgress: (event) => events.push({ ...event, at: performance.now() }),
    });
    assert.deepEqual(
      [...new Set(events.map((e) => e.stage))],
      ['connecting', 'downloading', 'writing', 'verifying', 'committing', 'done'],
    );
    for (let i = 1; i < events.length; i++) {
      const [previous, event] = [events[i - 1]!, events[i]!];
      assert.ok(
        event.bytesDownloaded >= previous.bytesDownloaded && event.bytesWritten >= previous.bytesWritten,
      );
      if (event.stage === previous.stage) {
        assert.ok(event.at - previous.at >= 249, `updates ${event.at - previous.at} ms apart`);
      }
    }
    const updates = events.filter((e, i) => i > 0 && e.stage === events[i - 1]!.stage).length;
    assert.ok(updates >= 2, `some byte updates while downloading (${updates})`);
    assert.ok(
      updates <= Math.ceil((result.durationMs / 1000) * 4) + 1,
      `${updates} updates in ${result.durationMs} ms`,
    );
    const last = events.at(-1)!;
    assert.equal(last.bytesDownloaded, qcow2.size);
    assert.equal(last.bytesWritten, TEST_DISK.size);
    assert.equal(last.total, qcow2.size);
    assert.ok(
      events.some((e) => e.rate > 0 && e.etaSeconds !== undefined),
      'a rate and an ETA were reported',
    );
  });
});
