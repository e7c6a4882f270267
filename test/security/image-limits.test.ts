// Attacks on the image path: a 66 KB zstd file decoded to 2 GiB in scratch, a body with no length
// grew without limit, and a server dripping a byte every 20 s held a job slot forever. Each run
// below uses the real pipeline over real HTTPS on loopback and stops by itself.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { isOrchError } from '../../src/core/errors/index.js';
import {
  createDiscardSink,
  createImageSource,
  createScratchBudget,
  runImagePipeline,
  validateImage,
  type PipelineLimits,
} from '../../src/image/index.js';
import { startImageServer, type ImageServer } from '../support/https-server/image-server.js';
import { loadTestCertificates } from '../support/tls/test-certificates.js';

const MIB = 1024 * 1024;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
/** `size` bytes of one non-zero, non-text byte behind an MBR signature: a "disk" with no holes. */
function filledDisk(size: number, fill: number): Buffer {
  const disk = Buffer.alloc(size, fill);
  disk[510] = 0x55;
  disk[511] = 0xaa;
  return disk;
}
// 64 MiB without a single hole, which zstd packs into a few KB.
const bombPlain = filledDisk(64 * MIB, 0x01);
const bomb = spawnSync('zstd', ['-c', '-q', '-3'], { input: bombPlain, maxBuffer: 64 * MIB }).stdout;
const plain = filledDisk(8 * MIB, 0x02);

describe('image path limits', () => {
  let server: ImageServer;
  let caPem: string;
  let scratch: string;
  before(async () => {
    const certs = await loadTestCertificates();
    caPem = certs.ca.cert;
    scratch = await mkdtemp(join(tmpdir(), 'limits-'));
    server = await startImageServer({
      tls: certs.leaf,
      files: {
        '/bomb.raw.zst': bomb,
        '/plain.raw': plain,
        '/chunked.raw': { content: plain, faults: { noLength: true } },
        '/drip.raw': { content: plain, faults: { bytesPerSecond: 2048 } },
      },
    });
  });
  after(async () => {
    await server?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  const pipeline = (path: string, expected: Uint8Array, limits: PipelineLimits) => {
    let written = 0;
    const sink = createDiscardSink(() => undefined);
    return {
      run: runImagePipeline({
        source: createImageSource(server.url(path), { caPem, env: {}, maxAttempts: 1 }),
        expectedSha256: sha256(expected),
        sink: {
          ...sink,
          write: async (e) => ((written += e.kind === 'data' ? e.data.byteLength : 0), sink.write(e)),
        },
        limits,
      }),
      written: () => written,
    };
  };
  const failsWith = async (work: Promise<unknown>, code: string, message: RegExp) =>
    assert.rejects(work, (error) => {
      assert.ok(isOrchError(error), String(error));
      assert.equal(error.code, code, error.message);
      assert.match(error.message, message);
      return true;
    });

  test(`a ${bomb.byteLength}-byte zstd bomb stops at the decoded cap, not after 64 MiB`, async () => {
    const run = pipeline('/bomb.raw.zst', bomb, { maxImageBytes: 16 * MIB });
    await failsWith(
      run.run,
      'IMAGE_TOO_LARGE',
      /The decoded image is at least \d+ bytes, larger than this orchestrator's cap of 16777216 bytes/,
    );
    assert.ok(run.written() <= 16 * MIB, `${run.written()} bytes written`);
  });

  test('a declared length over the hosted cap fails before the body is read', async () => {
    const run = pipeline('/plain.raw', plain, { maxHostedBytes: 1 * MIB });
    await failsWith(
      run.run,
      'IMAGE_TOO_LARGE',
      /The hosted file is at least 8388608 bytes, larger than .* cap of 1048576 bytes/,
    );
  });

  test('a body without a length is cut at the hosted cap as it arrives', async () => {
    const run = pipeline('/chunked.raw', plain, { maxHostedBytes: 2 * MIB });
    await failsWith(
      run.run,
      'IMAGE_TOO_LARGE',
      /The hosted file is at least \d+ bytes, larger than .* cap of 2097152 bytes/,
    );
    const last = server.requests.filter((r) => r.path === '/chunked.raw').at(-1);
    assert.ok((last?.bytesSent ?? 0) < plain.byteLength, 'the download stopped early');
  });

  test('a server under the minimum rate fails with SOURCE_TOO_SLOW within a window or two', async () => {
    const started = performance.now();
    const run = pipeline('/drip.raw', plain, { minRate: { bytesPerSecond: 64 * 1024, windowMs: 500 } });
    await failsWith(
      run.run,
      'SOURCE_TOO_SLOW',
      /bytes\/s over the last \d+ s, under this orchestrator's minimum of 65536 bytes\/s/,
    );
    assert.ok(performance.now() - started < 10_000);
  });

  test('a run past its deadline fails with SOURCE_TOO_SLOW naming the deadline', async () => {
    const run = pipeline('/drip.raw', plain, { deadlineMs: 400 });
    await failsWith(run.run, 'SOURCE_TOO_SLOW', /within this orchestrator's deadline of 0 s/);
  });

  test('validation of the bomb fails disk.fits with IMAGE_TOO_LARGE and leaves scratch empty', async () => {
    const report = await validateImage(
      {
        url: server.url('/bomb.raw.zst'),
        sha256: sha256(bomb),
        caPem,
        osType: 'OS_TYPE_MUTABLE',
        osVersion: '22.04',
        profileName: 'ubuntu-22.04-lts-custom',
        securityFeature: 'SECURITY_FEATURE_NONE',
      },
      { scratchDir: scratch, limits: { maxImageBytes: 16 * MIB } },
    );
    const fits = report.checks.find((c) => c.id === 'disk.fits');
    assert.equal(fits?.status, 'fail');
    assert.match(fits?.message ?? '', /IMAGE_TOO_LARGE/);
    assert.deepEqual(await readdir(scratch), []);
  });

  test('the scratch budget and the free-space floor stop a validation with SCRATCH_SPACE_LOW', async () => {
    const input = {
      url: server.url('/plain.raw'),
      sha256: sha256(plain),
      caPem,
      osType: 'OS_TYPE_MUTABLE' as const,
      osVersion: '22.04',
      profileName: 'ubuntu-22.04-lts-custom',
      securityFeature: 'SECURITY_FEATURE_NONE' as const,
    };
    const small = createScratchBudget({ maxBytes: 2 * MIB, freeFloorBytes: 0 });
    await failsWith(
      validateImage(input, { scratchDir: scratch, scratchBudget: small }),
      'SCRATCH_SPACE_LOW',
      /budget is 2097152/,
    );
    assert.equal(small.inUse(), 0, 'the budget is given back');
    const full = createScratchBudget({
      maxBytes: 1024 * MIB,
      freeFloorBytes: 10 * MIB,
      freeSpace: async () => 5 * MIB,
    });
    await failsWith(
      validateImage(input, { scratchDir: scratch, scratchBudget: full }),
      'SCRATCH_SPACE_LOW',
      /under orchd's floor/,
    );
    let free = 100 * MIB;
    const shrinking = createScratchBudget({
      maxBytes: 1024 * MIB,
      freeFloorBytes: 10 * MIB,
      checkEveryBytes: MIB,
      freeSpace: async () => (free -= 30 * MIB),
    });
    await failsWith(
      validateImage(input, { scratchDir: scratch, scratchBudget: shrinking }),
      'SCRATCH_SPACE_LOW',
      /under orchd's floor/,
    );
    assert.deepEqual(await readdir(scratch), []);
  });
});
