// Decompression bombs against the in-process decoders (used when the zstd, xz or bzip2 tools are
// missing). A zstd RLE block is 4 input bytes for 128 KiB of output, a bzip2 block of runs some 40
// bytes for 45 MB: before, one 64 KiB push into fzstd decoded ~2 GiB at once and unbzip2-stream
// gathered each block's output in a JS array (a 256 MiB bzip2 bomb took RSS to 2.4 GiB). Each
// decode here runs in a child process (decode-bomb-child.ts) so that its peak RSS is real, and
// must stay bounded, keep the event loop on time and, under a decoded-size cap, stop at the cap.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isOrchError } from '../../src/core/errors/index.js';
import type { Compression } from '../../src/image/codec/format-magic.js';
import { createDecoderFactory, type DecoderPreference } from '../../src/image/index.js';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
/** Peak RSS growth allowed over the child's RSS before the decode (a worker thread included). */
const RSS_GROWTH_LIMIT_MIB = 256;
/**
 * Main-thread CPU time allowed between two firings of a 20 ms timer while the decode runs: the
 * event loop (the API, /healthz) is never held longer. Wall-clock lateness is bounded more loosely
 * ({@link TIMER_LATE_LIMIT_MS}): on a loaded 2-core machine a free thread still waits for a core.
 */
const HELD_LIMIT_MS = 200;
const TIMER_LATE_LIMIT_MS = 2000;
const CHILD = fileURLToPath(new URL('./decode-bomb-child.ts', import.meta.url));

interface ChildReport {
  readonly code: string;
  readonly message?: string;
  readonly decodedBytes: number;
  readonly ms: number;
  readonly ticks: number;
  readonly worstLateMs: number;
  readonly worstHeldMs: number;
  readonly rssGrowthMiB: number;
}

function runChild(
  t: TestContext,
  args: { file: string; compression: string; maxImageBytes?: number },
): ChildReport {
  const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(args)], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(child.status, 0, `child failed: ${child.stderr}`);
  const report = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as ChildReport;
  t.diagnostic(JSON.stringify(report));
  return report;
}

/** A first sector with an MBR signature, so that the decoded bytes pass as a raw disk. */
function mbrSector(): Buffer {
  const sector = Buffer.alloc(512);
  sector[510] = 0x55;
  sector[511] = 0xaa;
  return sector;
}

/**
 * One zstd frame: a raw block holding {@link mbrSector}, then `blocks` RLE blocks of 128 KiB of
 * zeros, 4 bytes each (RFC 8878 3.1.1.2: 3-byte header, 1 byte repeated Block_Size times).
 */
function zstdRleBomb(blocks: number): Buffer {
  const BLOCK = 128 * 1024;
  // No checksum, no content size, not single-segment; window 2^17 (exponent 7): blocks may be 128 KiB.
  const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3]);
  const raw = Buffer.alloc(3);
  raw.writeUIntLE(512 << 3, 0, 3);
  const rle = Buffer.alloc(4 * blocks);
  for (let i = 0; i < blocks; i++)
    rle.writeUIntLE((BLOCK << 3) | (1 << 1) | (i === blocks - 1 ? 1 : 0), 4 * i, 3);
  return Buffer.concat([header, raw, mbrSector(), rle]);
}

/** `zeros` zero bytes after {@link mbrSector}, through a real compressor. */
function compressZeros(command: string, zeros: number): Buffer {
  const shell = `{ head -c 510 /dev/zero; printf '\\125\\252'; head -c ${zeros} /dev/zero; } | ${command}`;
  const packed = spawnSync('sh', ['-c', shell], { maxBuffer: 64 * MIB });
  assert.equal(packed.status, 0, String(packed.stderr));
  return packed.stdout;
}

/** What the real tool says the file decodes to, in bytes. */
function toolDecodedBytes(command: string, file: string): number {
  const counted = spawnSync('sh', ['-c', `${command} -dc '${file}' | wc -c`], { encoding: 'utf8' });
  assert.equal(counted.status, 0, counted.stderr);
  return Number(counted.stdout.trim());
}

async function decodeAll(
  prefer: DecoderPreference,
  compression: Compression,
  bytes: Uint8Array,
): Promise<number> {
  let total = 0;
  const decoder = createDecoderFactory({ prefer }).create(compression);
  for await (const chunk of decoder.decode(
    (async function* () {
      yield bytes;
    })(),
  ))
    total += chunk.byteLength;
  return total;
}

function assertBounded(report: ChildReport, label: string): void {
  assert.ok(
    report.rssGrowthMiB < RSS_GROWTH_LIMIT_MIB,
    `${label}: RSS grew by ${report.rssGrowthMiB} MiB (limit ${RSS_GROWTH_LIMIT_MIB})`,
  );
  assert.ok(
    report.worstHeldMs < HELD_LIMIT_MS,
    `${label}: the main thread ran ${report.worstHeldMs} ms of CPU between two firings of a 20 ms timer`,
  );
  assert.ok(
    report.worstLateMs < TIMER_LATE_LIMIT_MS,
    `${label}: a 20 ms timer fired ${report.worstLateMs} ms late (${report.ticks} ticks)`,
  );
}

describe('in-process decoders against decompression bombs', () => {
  let dir: string;
  const files = { zstd: '', xz: '', bzip2: '', bzip2Small: '' };
  const sizes = { zstd: 0, xz: 0, bzip2: 0, bzip2Small: 0 };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'decoder-bombs-'));
    // 4 GiB from 128 KiB.
    files.zstd = join(dir, 'bomb.raw.zst');
    await writeFile(files.zstd, zstdRleBomb(32 * 1024));
    sizes.zstd = 512 + 4 * GIB;
    // 256 MiB of zeros in each xz stream, with the 64 MiB dictionary of `xz -9`; 4 streams, 1 GiB.
    const xz = compressZeros('xz --lzma2=preset=0,dict=64MiB -T1 -c', 256 * MIB);
    files.xz = join(dir, 'bomb.raw.xz');
    await writeFile(files.xz, Buffer.concat([xz, xz, xz, xz]));
    sizes.xz = 4 * (512 + 256 * MIB);
    // 64 MiB of zeros per bzip2 stream (two blocks of ~45 MB, 79 bytes); 16 streams, 1 GiB.
    const bzip2 = compressZeros('bzip2 -9 -c', 64 * MIB);
    files.bzip2 = join(dir, 'bomb.raw.bz2');
    await writeFile(files.bzip2, Buffer.concat(Array<Buffer>(16).fill(bzip2)));
    sizes.bzip2 = 16 * (512 + 64 * MIB);
    files.bzip2Small = join(dir, 'bomb-256m.raw.bz2');
    await writeFile(files.bzip2Small, Buffer.concat(Array<Buffer>(4).fill(bzip2)));
    sizes.bzip2Small = 4 * (512 + 64 * MIB);
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('the files are what the real tools say: 4 GiB of zstd in 128 KiB, 1 GiB of xz and of bzip2', async () => {
    assert.equal((await readFile(files.zstd)).byteLength, 6 + 3 + 512 + 4 * 32 * 1024);
    assert.equal(toolDecodedBytes('zstd', files.zstd), sizes.zstd);
    assert.equal(toolDecodedBytes('xz', files.xz), sizes.xz);
    assert.equal(toolDecodedBytes('bzip2', files.bzip2), sizes.bzip2);
  });

  test('zstd: an RLE block over 128 KiB (fzstd would make 2 MiB of its 4 bytes) is CORRUPT_DATA on both paths, as the zstd tool says', async () => {
    // Window 8 MiB, one last RLE block of 2 MiB - 1: over Block_Maximum_Size.
    const size = 2 * MIB - 1;
    const frame = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 13 << 3, 0, 0, 0, 0x00]);
    frame.writeUIntLE((size << 3) | (1 << 1) | 1, 6, 3);
    const file = join(dir, 'big-rle.zst');
    await writeFile(file, frame);
    const tool = spawnSync('zstd', ['-dc', file]);
    assert.notEqual(tool.status, 0);
    assert.match(String(tool.stderr), /corruption/i);
    for (const prefer of ['in-process', 'system'] as const) {
      await assert.rejects(decodeAll(prefer, 'zstd', frame), (error) => {
        assert.ok(isOrchError(error, 'CORRUPT_DATA'), String(error));
        assert.match(error.message, /block of 2097151 bytes is over the frame's block maximum of 131072/);
        return true;
      });
    }
  });

  test('xz: a dictionary over 64 MiB is UNSUPPORTED_FORMAT in-process, naming the limit (xz itself decodes it)', async () => {
    const xz = compressZeros('xz --lzma2=dict=65MiB -T1 -c', MIB);
    const file = join(dir, 'dict65.xz');
    await writeFile(file, xz);
    assert.equal(toolDecodedBytes('xz', file), 512 + MIB);
    await assert.rejects(decodeAll('in-process', 'xz', xz), (error) => {
      assert.ok(isOrchError(error, 'UNSUPPORTED_FORMAT'), String(error));
      assert.match(error.message, /dictionary over 64 MiB/);
      assert.equal(error.details?.maxDictionaryBytes, 64 * MIB);
      return true;
    });
  });

  for (const compression of ['zstd', 'xz', 'bzip2'] as const) {
    test(`${compression}: a bomb under a 64 MiB decoded cap fails IMAGE_TOO_LARGE soon after the cap, in bounded memory`, (t) => {
      const cap = 64 * MIB;
      const report = runChild(t, { file: files[compression], compression, maxImageBytes: cap });
      assert.equal(report.code, 'IMAGE_TOO_LARGE', report.message);
      assert.match(
        report.message ?? '',
        /The decoded image is at least \d+ bytes, larger than .* cap of 67108864 bytes/,
      );
      // Stopped as the decoded bytes passed the cap (by at most one decoded chunk), not at the end
      // of the run of zeros.
      const seen = Number(/at least (\d+) bytes/.exec(report.message ?? '')?.[1]);
      assert.ok(seen > cap && seen <= cap + 4 * MIB, `stopped at ${seen} bytes`);
      assert.ok(report.decodedBytes <= cap, `${report.decodedBytes} bytes reached the sink`);
      assert.ok(report.ms < 15_000, `took ${report.ms} ms to stop`);
      assertBounded(report, compression);
    });
  }

  for (const [compression, file, size] of [
    ['zstd', 'zstd', '4 GiB'],
    ['xz', 'xz', '1 GiB'],
    ['bzip2', 'bzip2Small', '256 MiB'],
  ] as const) {
    test(`${compression}: the whole bomb (${size}) decoded without a cap streams through in bounded memory`, (t) => {
      const report = runChild(t, { file: files[file], compression });
      assert.equal(report.code, 'OK', report.message);
      assert.equal(report.decodedBytes, sizes[file]);
      assertBounded(report, compression);
    });
  }
});
