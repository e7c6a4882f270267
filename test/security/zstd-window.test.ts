// In-process zstd (used when the `zstd` tool is missing) allocated whatever window a frame
// declared and ran on the main thread: a 2.5 KB file took RSS to 1.2 GB and /healthz to 51 s.
// Windows over zstd's own default limit (128 MiB) now fail with ZSTD_WINDOW_TOO_LARGE on both
// decoder paths, and the in-process decoder runs in a worker thread.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { isOrchError } from '../../src/core/errors/index.js';
import { createDecoderFactory } from '../../src/image/index.js';
import { buildApp } from '../../src/server/app.js';
import { openStore } from '../../src/store/open-store.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { TEST_RELEASE_SERVICE_URL } from '../server/support/test-server.js';

/** One zstd frame: no checksum, no content size, window 2^(10+exponent), one raw block of "A". */
function frameWithWindow(exponent: number): Uint8Array {
  const magic = [0x28, 0xb5, 0x2f, 0xfd];
  const descriptor = 0x00; // not single-segment, no checksum, no dictionary, no content size
  const windowDescriptor = exponent << 3;
  const lastRawBlockOfOne = [(1 << 3) | 1, 0, 0];
  return Uint8Array.from([...magic, descriptor, windowDescriptor, ...lastRawBlockOfOne, 0x41]);
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function decodeAll(prefer: 'system' | 'in-process', bytes: Uint8Array): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of createDecoderFactory({ prefer }).create('zstd').decode(once(bytes)))
    parts.push(part);
  return Buffer.concat(parts);
}

for (const prefer of ['system', 'in-process'] as const) {
  test(`${prefer}: a frame declaring a 2 GiB window fails with ZSTD_WINDOW_TOO_LARGE naming the 128 MiB cap`, async () => {
    const bomb = frameWithWindow(21); // 2^31
    assert.equal(bomb.byteLength, 10);
    await assert.rejects(decodeAll(prefer, bomb), (error) => {
      assert.ok(isOrchError(error), String(error));
      assert.equal(error.code, 'ZSTD_WINDOW_TOO_LARGE');
      assert.match(error.message, /2048 MiB window; orchd decodes zstd with at most 128 MiB/);
      assert.deepEqual(error.details, { compression: 'zstd', windowBytes: 2 ** 31, maxWindowBytes: 2 ** 27 });
      return true;
    });
  });

  test(`${prefer}: a frame at the cap (128 MiB window) still decodes`, async () => {
    assert.equal((await decodeAll(prefer, frameWithWindow(17))).toString(), 'A');
  });
}

let store: KyselyStore;
let app: FastifyInstance;
let base: string;
before(async () => {
  store = await openStore({ url: 'sqlite::memory:' });
  await store.migrateToLatest();
  app = await buildApp({ store, config: { releaseServiceUrl: TEST_RELEASE_SERVICE_URL } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
after(async () => {
  await app?.close();
  await store?.close();
});

test('/healthz answers within a bound while the in-process decoder works through 192 MiB', async () => {
  // Random text: compresses about 3:1, so the decode is long but its memory is not.
  const alphabet = Buffer.from('etaoinshrdlucmfwyp          \n');
  const plain = Buffer.from(randomBytes(192 * 1024 * 1024).map((byte) => alphabet[byte % alphabet.length]!));
  const want = createHash('sha256').update(plain).digest('hex');
  const zstd = spawnSync('zstd', ['-1', '-q', '-c'], { input: plain, maxBuffer: 256 * 1024 * 1024 });
  assert.equal(zstd.status, 0, String(zstd.stderr));
  const compressed = zstd.stdout;
  // One input chunk: on the main thread this was one synchronous decode of everything.
  let done = false;
  const decoding = (async () => {
    const hash = createHash('sha256');
    const decoder = createDecoderFactory({ prefer: 'in-process' }).create('zstd');
    for await (const part of decoder.decode(once(compressed))) hash.update(part);
    done = true;
    return hash.digest('hex');
  })();
  const latencies: number[] = [];
  while (!done) {
    const started = performance.now();
    const res = await fetch(`${base}/healthz`);
    latencies.push(performance.now() - started);
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.equal(await decoding, want);
  assert.ok(latencies.length >= 3, `only ${latencies.length} health checks ran during the decode`);
  const worst = Math.max(...latencies);
  assert.ok(worst < 1000, `/healthz took ${Math.round(worst)} ms during the decode`);
});
