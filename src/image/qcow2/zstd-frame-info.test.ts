import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zstdFrameInfo } from './zstd-frame-info.js';

/** A single-segment frame with a checksum: one raw block of 3 bytes, then a last RLE block of 5. */
const FRAME = Uint8Array.of(
  0x28,
  0xb5,
  0x2f,
  0xfd, // magic
  0x24, // single segment, checksum, 1-byte content size
  8, // content size
  (3 << 3) | (0 << 1) | 0,
  0,
  0,
  1,
  2,
  3, // raw block, 3 bytes
  (5 << 3) | (1 << 1) | 1,
  0,
  0,
  9, // last RLE block of 5
  0xaa,
  0xbb,
  0xcc,
  0xdd, // checksum
);

test('measures a frame by walking its blocks, ignoring what follows', () => {
  const info = zstdFrameInfo(Uint8Array.from([...FRAME, 1, 2, 3, 4, 5]));
  assert.deepEqual(info, { length: FRAME.length, windowSize: 8, contentSize: 8 });
});

test('reads the window descriptor of a multi-segment frame', () => {
  const frame = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00, (11 << 3) | 2, 1, 0, 0);
  assert.deepEqual(zstdFrameInfo(frame), {
    length: frame.length,
    windowSize: 2 ** 21 + 2 * 2 ** 18,
    contentSize: undefined,
  });
});

test('fails on a bad magic, a reserved block type and a cut frame', () => {
  assert.throws(() => zstdFrameInfo(new Uint8Array(16)), /bad magic/);
  assert.throws(() => zstdFrameInfo(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x20, 8, 7, 0, 0)), /reserved/);
  assert.throws(() => zstdFrameInfo(FRAME.subarray(0, FRAME.length - 2)), /cut/);
  assert.throws(() => zstdFrameInfo(FRAME.subarray(0, 10)), /cut/);
});
