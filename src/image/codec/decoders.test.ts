import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isOrchError } from '../../core/errors/index.js';
import { createDecoderFactory, type DecoderPreference } from './decoder-factory.js';
import type { Decoder } from './decoder.js';
import { COMPRESSIONS, type Compression } from './format-magic.js';

const COMPRESS: Record<Compression, string[]> = {
  gzip: ['gzip', '-c'],
  bzip2: ['bzip2', '-c'],
  xz: ['xz', '-c', '-T1'],
  zstd: ['zstd', '-q', '-c'],
};

/** Random letters, spaces and line breaks: compressible, so every byte lands in a coded block. */
function text(size: number): Buffer {
  const alphabet = Buffer.from('etaoinshrdlucmfwyp          \n');
  return Buffer.from(randomBytes(size).map((byte) => alphabet[byte % alphabet.length]!));
}

/** 3 MiB of text mixed with random bytes: several blocks in every format, fast to compress. */
function sample(): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < 48; i++) parts.push(randomBytes(32 * 1024), text(32 * 1024));
  return Buffer.concat(parts);
}

function compress(compression: Compression, data: Buffer): Buffer {
  const [cmd, ...args] = COMPRESS[compression];
  const result = spawnSync(cmd!, args, { input: data, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.status, 0, String(result.stderr));
  return result.stdout;
}

async function* chunks(data: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.byteLength; i += size) yield data.subarray(i, i + size);
}

async function drain(
  decoder: Decoder,
  input: AsyncIterable<Uint8Array>,
): Promise<{ sha: string; length: number }> {
  const hash = createHash('sha256');
  let length = 0;
  for await (const chunk of decoder.decode(input)) {
    hash.update(chunk);
    length += chunk.byteLength;
  }
  return { sha: hash.digest('hex'), length };
}

/**
 * This process's children (Linux) as `pid (comm)`: a decoder must leave none behind. Left out: the
 * test runner's TypeScript loader compiles the in-process zstd worker's module in an esbuild child
 * that it reaps late (on a cold compile cache), and that child is not the decoder's.
 */
function children(): string[] {
  const text = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim();
  const pids = text ? text.split(/\s+/) : [];
  return pids.map((pid) => `${pid} ${commandOf(pid)}`).filter((child) => !/\((esbuild|gone)\)$/.test(child));
}

/** The `(comm)` field of /proc/<pid>/stat; '(gone)' when the process was reaped meanwhile. */
function commandOf(pid: string): string {
  try {
    return /\([^)]*\)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[0] ?? '(unknown)';
  } catch {
    return '(gone)';
  }
}

const data = sample();
const dataSha = createHash('sha256').update(data).digest('hex');
const compressed = new Map<Compression, Buffer>();
const compressedText = new Map<Compression, Buffer>();
before(() => {
  const textOnly = text(2 * 1024 * 1024);
  for (const c of COMPRESSIONS) {
    compressed.set(c, compress(c, data));
    compressedText.set(c, compress(c, textOnly));
  }
});
after(() => (compressed.clear(), compressedText.clear()));

for (const prefer of ['system', 'in-process'] as const satisfies readonly DecoderPreference[]) {
  describe(`decoders (${prefer})`, () => {
    const factory = createDecoderFactory({ prefer });
    for (const compression of COMPRESSIONS) {
      test(`${compression}: decodes to the original bytes on the ${prefer} path`, async () => {
        const decoder = factory.create(compression);
        assert.equal(decoder.path, prefer);
        const out = await drain(decoder, chunks(compressed.get(compression)!));
        assert.equal(out.length, data.byteLength);
        assert.equal(out.sha, dataSha);
      });

      test(`${compression}: concatenated streams decode as one, fed in small and odd-sized chunks`, async () => {
        const whole = compressed.get(compression)!;
        const out = await drain(factory.create(compression), chunks(Buffer.concat([whole, whole]), 4099));
        assert.equal(out.length, 2 * data.byteLength);
        assert.equal(out.sha, createHash('sha256').update(data).update(data).digest('hex'));
      });

      test(`${compression}: one input chunk of several MiB decodes, and the caller's buffer is left intact`, async () => {
        const whole = Buffer.from(compressed.get(compression)!);
        const before = createHash('sha256').update(whole).digest('hex');
        assert.ok(whole.byteLength > 2 * 1024 * 1024, `${whole.byteLength} bytes`);
        const out = await drain(factory.create(compression), chunks(whole, whole.byteLength));
        assert.equal(out.sha, dataSha);
        assert.equal(createHash('sha256').update(whole).digest('hex'), before);
      });

      test(`${compression}: a cut-off stream is TRUNCATED`, async () => {
        const whole = compressed.get(compression)!;
        const cut = whole.subarray(0, Math.floor(whole.byteLength * 0.6));
        await assert.rejects(drain(factory.create(compression), chunks(cut)), (error) => {
          assert.ok(isOrchError(error, 'TRUNCATED'), `got ${String(error)}`);
          assert.match(error.message, new RegExp(compression));
          return true;
        });
      });

      test(`${compression}: damaged data is CORRUPT_DATA`, async () => {
        // Coded (not stored) blocks: fzstd skips zstd's optional content checksum, so damage in a
        // stored block is only caught by the pipeline's sha256 (tested there).
        const damaged = Buffer.from(compressedText.get(compression)!);
        // Damage a whole stretch in the middle: every decoder's block structure or checksum breaks.
        damaged.fill(0x55, Math.floor(damaged.byteLength / 3), Math.floor(damaged.byteLength / 3) + 4096);
        await assert.rejects(drain(factory.create(compression), chunks(damaged)), (error) => {
          assert.ok(isOrchError(error, 'CORRUPT_DATA'), `got ${String(error)}`);
          return true;
        });
      });

      test(`${compression}: an input error propagates unchanged and nothing is left running`, async () => {
        const boom = new Error('network went away');
        async function* failing(): AsyncGenerator<Uint8Array> {
          yield compressed.get(compression)!.subarray(0, 256 * 1024);
          throw boom;
        }
        await assert.rejects(drain(factory.create(compression), failing()), (error) => error === boom);
        assert.deepEqual(children(), []);
      });
    }
  });
}

describe('zstd frames', () => {
  const skippable = Buffer.concat([
    Buffer.from([0x50, 0x2a, 0x4d, 0x18]),
    Buffer.from([3, 0, 0, 0]),
    Buffer.from('abc'),
  ]);

  for (const prefer of ['system', 'in-process'] as const) {
    test(`${prefer}: damage inside a stored block is caught by the frame checksum`, async () => {
      const random = randomBytes(512 * 1024); // incompressible: zstd stores it as raw blocks
      const damaged = Buffer.from(compress('zstd', random));
      damaged[damaged.byteLength >> 1]! ^= 0x01;
      const decoder = createDecoderFactory({ prefer }).create('zstd');
      await assert.rejects(drain(decoder, chunks(damaged, 1000)), (error) =>
        isOrchError(error, 'CORRUPT_DATA'),
      );
    });

    test(`${prefer}: several frames and a skippable frame decode as one stream`, async () => {
      const a = text(200 * 1024);
      const b = randomBytes(100 * 1024);
      const stream = Buffer.concat([skippable, compress('zstd', a), skippable, compress('zstd', b)]);
      const out = await drain(createDecoderFactory({ prefer }).create('zstd'), chunks(stream, 777));
      assert.equal(out.sha, createHash('sha256').update(a).update(b).digest('hex'));
    });
  }

  test('in-process: a stream cut exactly between two blocks is TRUNCATED', async () => {
    const whole = compress('zstd', randomBytes(512 * 1024));
    // Random data is stored in raw 128 KiB blocks: cut at about the end of the first one.
    const cut = whole.subarray(0, 4 + 2 + 3 + 128 * 1024 + 3);
    await assert.rejects(
      drain(createDecoderFactory({ prefer: 'in-process' }).create('zstd'), chunks(cut)),
      (error) => isOrchError(error, 'TRUNCATED'),
    );
  });
});

describe('decoder selection', () => {
  test('fastest uses node:zlib for gzip and system tools for the others when installed', () => {
    const factory = createDecoderFactory({ which: (name) => `/usr/bin/${name}` });
    assert.equal(factory.create('gzip').implementation, 'node:zlib');
    assert.equal(factory.create('xz').implementation, 'xz -dc -T0');
    assert.equal(factory.create('zstd').implementation, 'zstd -dc -q');
    assert.equal(factory.create('bzip2').implementation, 'lbzip2 -dc');
  });

  test('falls back to bzip2 without lbzip2, and to in-process without any tool', () => {
    const looked: string[] = [];
    const factory = createDecoderFactory({
      which: (name) => (looked.push(name), name === 'bzip2' ? '/bin/bzip2' : undefined),
    });
    assert.equal(factory.create('bzip2').implementation, 'bzip2 -dc');
    assert.equal(factory.create('xz').path, 'in-process');
    assert.equal(factory.create('zstd').implementation, 'fzstd');
    factory.create('xz');
    assert.deepEqual(looked, ['lbzip2', 'bzip2', 'xz', 'zstd'], 'each tool is looked up once');
  });

  test('stopping early kills the child process (no zombie)', async () => {
    const decoder = createDecoderFactory({ prefer: 'system' }).create('xz');
    for await (const chunk of decoder.decode(chunks(compressed.get('xz')!))) {
      assert.ok(chunk.byteLength > 0);
      break;
    }
    assert.deepEqual(children(), []);
  });
});
