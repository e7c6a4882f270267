import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Extent } from '../extent.js';
import { rawExtents } from './raw-extents.js';

async function collect(
  input: Uint8Array,
  pieces: number,
  options = { chunkBytes: 64 * 1024, blockBytes: 4096 },
) {
  async function* source(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < input.byteLength; at += pieces) yield input.subarray(at, at + pieces);
  }
  const out: Extent[] = [];
  for await (const extent of rawExtents(source(), options)) out.push(extent);
  return out;
}

function rebuild(extents: readonly Extent[]): Buffer {
  const parts = extents.map((e) => (e.kind === 'data' ? Buffer.from(e.data) : Buffer.alloc(e.length)));
  return Buffer.concat(parts);
}

describe('raw extents', () => {
  test('zero blocks become holes, merged across chunks; data round-trips', async () => {
    const image = Buffer.alloc(300 * 1024);
    randomBytes(10_000).copy(image, 0); // data in blocks 0..2
    randomBytes(5).copy(image, 200 * 1024 + 7); // one data block at 200 KiB
    const extents = await collect(image, 10_000);
    assert.deepEqual(
      extents.map((e) => [e.kind, e.offset, e.kind === 'data' ? e.data.byteLength : e.length]),
      [
        ['data', 0, 12 * 1024],
        ['hole', 12 * 1024, 188 * 1024],
        ['data', 200 * 1024, 4096],
        ['hole', 204 * 1024, 96 * 1024],
      ],
    );
    assert.ok(rebuild(extents).equals(image));
  });

  test('a short last block and an image that is not a multiple of the block size', async () => {
    const image = Buffer.alloc(64 * 1024 + 100);
    image[64 * 1024 + 99] = 1;
    const extents = await collect(image, 7777);
    const last = extents.at(-1);
    assert.ok(last?.kind === 'data');
    assert.equal(last.offset, 64 * 1024);
    assert.deepEqual(Buffer.from(last.data), image.subarray(64 * 1024));
    assert.ok(rebuild(extents).equals(image));
  });

  test('an all-zero image is one hole; an empty image has no extents', async () => {
    assert.deepEqual(await collect(Buffer.alloc(200 * 1024), 50_000), [
      { kind: 'hole', offset: 0, length: 200 * 1024 },
    ]);
    assert.deepEqual(await collect(Buffer.alloc(0), 1), []);
  });

  test('data extents own their buffers: later chunks do not overwrite earlier extents', async () => {
    const image = randomBytes(256 * 1024);
    const extents = await collect(image, 4096);
    assert.ok(extents.length >= 4);
    assert.ok(rebuild(extents).equals(image));
  });
});
