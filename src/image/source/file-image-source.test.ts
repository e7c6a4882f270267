import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isOrchError } from '../../core/errors/index.js';
import { openFileImageSource } from './file-image-source.js';

describe('openFileImageSource', () => {
  let dir: string;
  let path: string;
  const bytes = randomBytes(300 * 1024 + 17);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'file-source-'));
    path = join(dir, 'image.raw');
    await writeFile(path, bytes);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const collect = async (stream: AsyncIterable<Uint8Array>): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks);
  };

  test('stream() gives the whole file in chunks of chunkBytes, each call from byte 0', async () => {
    const source = openFileImageSource(path, { chunkBytes: 64 * 1024 });
    const sizes: number[] = [];
    for await (const chunk of source.stream() as AsyncIterable<Uint8Array>) sizes.push(chunk.byteLength);
    assert.deepEqual(sizes, [...Array(4).fill(64 * 1024), 44 * 1024 + 17]);
    assert.ok((await collect(source.stream())).equals(bytes));
    assert.deepEqual(source.stats, { resumes: 0, restarts: 0, bytesReceived: 2 * bytes.byteLength });
  });

  test('readRange() and size() read the file', async () => {
    const source = openFileImageSource(path);
    assert.equal(await source.size(), bytes.byteLength);
    assert.ok(Buffer.from(await source.readRange(1000, 5000)).equals(bytes.subarray(1000, 6000)));
    assert.equal((await source.readRange(7, 0)).byteLength, 0);
  });

  test('a range past the end is TRUNCATED; a negative one InvalidArgument', async () => {
    const source = openFileImageSource(path);
    await assert.rejects(source.readRange(bytes.byteLength - 10, 20), (error) => {
      assert.ok(isOrchError(error, 'TRUNCATED'));
      assert.match(error.message, /ends after \d+ bytes; 20 bytes at \d+ were asked for/);
      return true;
    });
    await assert.rejects(source.readRange(-1, 4), (error) => isOrchError(error, 'InvalidArgument'));
  });

  test('a missing file fails every read with SOURCE_IO naming it', async () => {
    const missing = join(dir, 'missing.raw');
    const source = openFileImageSource(missing);
    const namesIt = (error: unknown): boolean =>
      isOrchError(error, 'SOURCE_IO') && error.message.includes(missing) && error.retryable;
    await assert.rejects(collect(source.stream()), namesIt);
    await assert.rejects(source.readRange(0, 10), namesIt);
    await assert.rejects(source.size(), namesIt);
  });

  test('a cancel destroys the stream and fails later reads with ABORTED', async () => {
    const controller = new AbortController();
    const source = openFileImageSource(path, { signal: controller.signal, chunkBytes: 4096 });
    const stream = source.stream();
    const reading = collect(stream);
    controller.abort();
    await assert.rejects(reading, (error) => isOrchError(error, 'ABORTED'));
    await assert.rejects(source.readRange(0, 10), (error) => isOrchError(error, 'ABORTED'));
    await assert.rejects(source.size(), (error) => isOrchError(error, 'ABORTED'));
  });

  test('chunkBytes must be positive', () => {
    assert.throws(
      () => openFileImageSource(path, { chunkBytes: 0 }),
      (error) => isOrchError(error, 'InvalidArgument'),
    );
  });
});
