// The in-process decoders (used when the `zstd`, `xz` or `bzip2` tools are missing) ran xz and
// bzip2 on the main thread, so a long decode held up every request. Like zstd they now run in a
// worker thread: the event loop keeps its timers on time while a large xz image decodes, and
// failures keep their codes across the thread boundary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { isOrchError } from '../../src/core/errors/index.js';
import { createDecoderFactory } from '../../src/image/index.js';

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** Random text: compresses about 3:1, so the decode is long but its memory is not. */
function text(size: number): Buffer {
  const alphabet = Buffer.from('etaoinshrdlucmfwyp          \n');
  return Buffer.from(randomBytes(size).map((byte) => alphabet[byte % alphabet.length]!));
}

test('the event loop stays on time while the in-process xz decoder works through 256 MiB', async (t) => {
  const plain = text(256 * 1024 * 1024);
  const want = createHash('sha256').update(plain).digest('hex');
  const xz = spawnSync('xz', ['-0', '-T2', '-c'], { input: plain, maxBuffer: 256 * 1024 * 1024 });
  assert.equal(xz.status, 0, String(xz.stderr));
  const decoder = createDecoderFactory({ prefer: 'in-process' }).create('xz');
  assert.equal(decoder.implementation, 'xz-decompress (WASM)');
  // A 20 ms timer: the longest gap between its ticks is how long the event loop was held.
  let last = performance.now();
  let worst = 0;
  let ticks = 0;
  const started = last;
  let at = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last > worst) at = now - started;
    worst = Math.max(worst, now - last);
    last = now;
    ticks += 1;
  }, 20);
  try {
    const hash = createHash('sha256');
    // One input chunk: on the main thread the whole file went to the decoder at once.
    for await (const part of decoder.decode(once(xz.stdout))) hash.update(part);
    assert.equal(hash.digest('hex'), want);
  } finally {
    clearInterval(timer);
  }
  // The gap since the last tick counts too: a decode that holds the loop to its end never ticks.
  worst = Math.max(worst, performance.now() - last);
  t.diagnostic(
    `${ticks} ticks in ${Math.round(performance.now() - started)} ms, longest gap ${Math.round(worst)} ms ending at ${Math.round(at)} ms`,
  );
  assert.ok(ticks >= 3, `only ${ticks} timer ticks ran during the decode`);
  assert.ok(worst < 2000, `the event loop was held for ${Math.round(worst)} ms during the decode`);
});

for (const compression of ['xz', 'bzip2'] as const) {
  test(`in-process ${compression}: a cut stream fails with TRUNCATED and a damaged one with CORRUPT_DATA from the worker`, async () => {
    const plain = text(1024 * 1024);
    const packed = spawnSync(compression, ['-c'], { input: plain }).stdout;
    const decoder = createDecoderFactory({ prefer: 'in-process' }).create(compression);
    const cut = packed.subarray(0, Math.floor(packed.byteLength / 2));
    const damaged = Buffer.from(packed);
    damaged.fill(0x55, 200, 400);
    for (const [bytes, code] of [
      [cut, 'TRUNCATED'],
      [damaged, 'CORRUPT_DATA'],
    ] as const) {
      await assert.rejects(
        (async () => {
          for await (const part of decoder.decode(once(bytes))) void part;
        })(),
        (error: unknown) => isOrchError(error) && error.code === code,
        `${compression} ${code}`,
      );
    }
  });
}
