import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ZstdFrameScanner, ZstdStructureError, zstdFrameInfo, type ZstdPiece } from './zstd-frame.js';

const MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
/** Single-segment frame, 1-byte content size, checksum flag set: descriptor 0b0010_0100. */
const HEADER_WITH_CHECKSUM = [...MAGIC, 0x24, 5];
/** A last raw block of 5 bytes: (5 << 3) | (0 << 1) | 1. */
const LAST_RAW_BLOCK = [(5 << 3) | 1, 0, 0, ...Buffer.from('hello')];
const CHECKSUM = [0x78, 0x56, 0x34, 0x12];

function feed(bytes: number[], step: number): ZstdPiece[] {
  const scanner = new ZstdFrameScanner();
  const pieces: ZstdPiece[] = [];
  for (let at = 0; at < bytes.length; at += step)
    pieces.push(...scanner.split(Uint8Array.from(bytes.slice(at, at + step))));
  return pieces;
}

describe('zstd frame scanner', () => {
  const frame = [...HEADER_WITH_CHECKSUM, ...LAST_RAW_BLOCK, ...CHECKSUM];

  for (const step of [1, 3, 100]) {
    test(`finds the frame end and its checksum, fed ${step} byte(s) at a time`, () => {
      const pieces = feed([...frame, ...frame], step);
      const ends = pieces.filter((p) => p.frameEnd);
      assert.deepEqual(
        ends.map((p) => p.frameEnd),
        [{ checksum: 0x12345678 }, { checksum: 0x12345678 }],
      );
      assert.equal(
        pieces.reduce((n, p) => n + p.bytes.byteLength, 0),
        frame.length * 2,
      );
    });
  }

  test('skippable frames are passed over without a frame end', () => {
    const skippable = [0x5a, 0x2a, 0x4d, 0x18, 2, 0, 0, 0, 0xaa, 0xbb];
    const pieces = feed([...skippable, ...frame], 4);
    assert.equal(pieces.filter((p) => p.frameEnd).length, 1);
  });

  test('knows whether the stream stopped between frames', () => {
    const scanner = new ZstdFrameScanner();
    scanner.split(Uint8Array.from(frame.slice(0, 10)));
    assert.equal(scanner.atFrameBoundary, false);
    scanner.split(Uint8Array.from(frame.slice(10)));
    assert.equal(scanner.atFrameBoundary, true);
  });

  test('a frame without the checksum flag ends after its last block', () => {
    const pieces = feed([...MAGIC, 0x20, 5, ...LAST_RAW_BLOCK], 2);
    assert.deepEqual(
      pieces.filter((p) => p.frameEnd).map((p) => p.frameEnd),
      [{}],
    );
  });

  test("a block over the frame's Block_Maximum_Size (the window, at most 128 KiB) is a structure error", () => {
    /** A multi-segment frame with window 2^windowLog and one last RLE block of `size`. */
    const rleFrame = (windowLog: number, size: number) => [
      ...MAGIC,
      0x00,
      (windowLog - 10) << 3,
      ...[0, 8, 16].map((shift) => (((size << 3) | (1 << 1) | 1) >>> shift) & 0xff),
      0x00,
    ];
    // The zstd tool refuses both as well ("Data corruption detected", "Destination buffer is too small").
    assert.throws(() => feed(rleFrame(23, 128 * 1024 + 1), 64), /block of 131073 bytes is over .* 131072/);
    assert.throws(() => feed(rleFrame(10, 4096), 64), /block of 4096 bytes is over .* 1024/);
    assert.equal(feed(rleFrame(17, 128 * 1024), 64).filter((p) => p.frameEnd).length, 1);
    assert.equal(feed(rleFrame(10, 1024), 3).filter((p) => p.frameEnd).length, 1);
  });

  test('an unknown magic or a reserved block type is a structure error', () => {
    assert.throws(() => feed([1, 2, 3, 4], 4), ZstdStructureError);
    assert.throws(() => feed([...HEADER_WITH_CHECKSUM, 0x07, 0, 0], 16), ZstdStructureError);
  });
});

// --- zstdFrameInfo: one frame held whole (a compressed qcow2 cluster) ---

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
