import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EXPECTED_CHAIN,
  IMAGE_ENCODINGS,
  type ImageEncoding,
} from '../../fixtures/disk-image/encode-image.js';
import type { FixtureFile } from '../../fixtures/disk-image/disk-image-fixtures.js';
import type { ImageServer } from '../../support/https-server/image-server.js';
import {
  qemuImgRaw,
  runToTarget,
  sameImageContent,
  sgdiskVerify,
  startServer,
  testFixtures,
  TEST_DISK,
} from './pipeline-harness.js';

const MIB = 1024 * 1024;
const TARGET_SIZE = TEST_DISK.size + 8 * MIB;

describe('image pipeline over HTTPS: every format chain to a larger target', () => {
  let dir: string;
  let server: ImageServer;
  let caPem: string;
  let raw: FixtureFile;
  const hosted = new Map<ImageEncoding, FixtureFile>();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edge-orch-chains-'));
    const fixtures = testFixtures();
    raw = await fixtures.raw();
    for (const encoding of IMAGE_ENCODINGS) hosted.set(encoding, await fixtures.encoded(encoding));
    const files = Object.fromEntries(IMAGE_ENCODINGS.map((e) => [`/${e}`, { file: hosted.get(e)!.path }]));
    // Names that lie or say nothing: content decides.
    Object.assign(files, {
      '/image.img.gz': { file: hosted.get('qcow2.gz')!.path },
      '/x.zs': { file: hosted.get('raw.zst')!.path },
      '/disk.raw': { file: hosted.get('raw.zst')!.path },
      '/signed/disk.qcow2': { file: hosted.get('qcow2-v3')!.path },
    });
    ({ server, caPem } = await startServer(files));
  });

  after(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const check = async (path: string, encoding: ImageEncoding, prefer?: 'system' | 'in-process') => {
    const file = hosted.get(encoding)!;
    const target = join(dir, `target-${path.replace(/\W/g, '_')}-${prefer ?? 'fastest'}.img`);
    const result = await runToTarget({
      url: server.url(path),
      caPem,
      expectedSha256: file.sha256,
      target,
      targetSize: TARGET_SIZE,
      prefer,
      rawSha256: true,
    });
    assert.deepEqual(result.formatChain, EXPECTED_CHAIN[encoding]);
    assert.equal(result.sha256, file.sha256);
    assert.equal(result.rawSha256, raw.sha256, 'raw content digest');
    assert.equal(result.hostedBytes, file.size);
    assert.equal(result.virtualSize, TEST_DISK.size);
    assert.equal(result.sinkReport.backupGptRelocated, true);
    assert.equal((await stat(target)).size, TARGET_SIZE);
    assert.ok(await sameImageContent(target, raw.path, TEST_DISK.size), 'target holds the image');
    const verdict = await sgdiskVerify(target);
    assert.ok(verdict.hasGpt && verdict.clean, verdict.output);
    await rm(target);
    return result;
  };

  for (const encoding of IMAGE_ENCODINGS) {
    test(`${encoding}: ${EXPECTED_CHAIN[encoding].join(' > ')}`, async () => {
      const result = await check(`/${encoding}`, encoding);
      assert.equal(result.resumes, 0);
      assert.equal(result.restarts, 0);
    });
  }

  // Which decoder must run: `system` falls back to in-process when a tool is missing, so without
  // this a missing tool would pass unnoticed (the tools are in .ci/apt-packages.txt).
  const DECODERS = {
    system: {
      'raw.bz2': /^l?bzip2 -dc$/,
      'raw.xz': /^xz -dc -T0$/,
      'raw.zst': /^zstd -dc -q$/,
      'qcow2.gz': /^(pigz|gzip) -dc$/,
    },
    'in-process': {
      'raw.bz2': /^unbzip2-stream$/,
      'raw.xz': /^xz-decompress \(WASM\)$/,
      'raw.zst': /^fzstd$/,
      'qcow2.gz': /^node:zlib$/,
    },
  } as const;
  for (const encoding of ['raw.bz2', 'raw.xz', 'raw.zst', 'qcow2.gz'] as const) {
    for (const prefer of ['system', 'in-process'] as const) {
      test(`${encoding} through the ${prefer} decoder`, async () => {
        const result = await check(`/${encoding}`, encoding, prefer);
        assert.match(result.decoder ?? 'no decoder', DECODERS[prefer][encoding]);
      });
    }
  }

  test('qemu-img agrees: its raw conversion of each qcow2 equals the image', async () => {
    for (const encoding of ['qcow2-v2', 'qcow2-v3', 'qcow2-compressed'] as const) {
      const out = join(dir, `oracle-${encoding}.raw`);
      await qemuImgRaw(hosted.get(encoding)!.path, out);
      assert.ok(await sameImageContent(out, raw.path, TEST_DISK.size + 33 * 512), encoding);
      await rm(out);
    }
  });

  test('misleading names: a qcow2 inside image.img.gz', async () => {
    const result = await check('/image.img.gz', 'qcow2.gz');
    assert.deepEqual(result.formatChain, ['gzip', 'qcow2']);
  });

  test('misleading names: x.zs and disk.raw holding zstd', async () => {
    await check('/x.zs', 'raw.zst');
    await check('/disk.raw', 'raw.zst');
  });

  test('a pre-signed URL with a query string (%2B, &)', async () => {
    const result = await check('/signed/disk.qcow2?X-Sig=a%2Bb&t=1', 'qcow2-v3');
    assert.deepEqual(result.formatChain, ['qcow2']);
    assert.equal(server.requests.at(-1)?.path, '/signed/disk.qcow2');
  });
});
