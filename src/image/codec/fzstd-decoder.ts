import { Decompress } from 'fzstd';
import xxhash from 'xxhash-wasm';
import {
  classifyDecoderMessage,
  corruptError,
  truncatedError,
  windowTooLargeError,
} from './decoder-errors.js';
import type { Decoder } from './decoder.js';
import { ZSTD_MAX_WINDOW_BYTES, ZstdFrameScanner, ZstdWindowError } from './zstd-frame.js';
import { decodeInWorker } from './decoder-worker-client.js';
import type { DecodedSink } from './decoder-worker-protocol.js';

const LOW_32_BITS = 0xffffffffn;
/** Compressed bytes handed to fzstd per push. */
const PUSH_BYTES = 64 * 1024;

/**
 * zstd through fzstd (pure JS), for hosts without the `zstd` tool, in a worker thread so that a
 * long decode never stalls orchd's event loop (the API, /healthz). fzstd allocates whatever window
 * a frame declares, so each frame header is read first and a window over
 * {@link ZSTD_MAX_WINDOW_BYTES} fails with ZSTD_WINDOW_TOO_LARGE before any allocation. fzstd does
 * not verify a frame's content checksum, so damage inside a stored block would pass: the frames
 * are followed here ({@link ZstdFrameScanner}) and each declared checksum (xxHash64, via
 * xxhash-wasm) is checked.
 */
export function createFzstdDecoder(): Decoder {
  return {
    compression: 'zstd',
    path: 'in-process',
    implementation: 'fzstd',
    decode: (input) => decodeInWorker('zstd', input),
  };
}

/**
 * The decode itself, on whatever thread calls it (the worker's), into `sink` as each block is
 * decoded. fzstd allocates each block's output apart (at most 128 KiB: larger blocks are refused
 * by the frame scanner) and hands it over at once, so with a sink that blocks when the consumer is
 * behind, memory holds a block and the window whatever one push expands to.
 */
export async function decodeZstdInto(
  input: AsyncIterable<Uint8Array>,
  sink: DecodedSink,
  maxWindowBytes: number = ZSTD_MAX_WINDOW_BYTES,
): Promise<void> {
  const { create64 } = await xxhash();
  const scanner = new ZstdFrameScanner({ maxWindowBytes });
  let hash = create64(0n);
  let frames = 0;
  const decompress = new Decompress((data) => {
    hash.update(data);
    sink.write(data);
  });
  for await (const chunk of input) {
    for (const piece of guarded(() => scanner.split(chunk))) {
      for (let at = 0; at < piece.bytes.byteLength; at += PUSH_BYTES) {
        const slice = piece.bytes.subarray(at, at + PUSH_BYTES);
        guarded(() => decompress.push(slice));
      }
      if (!piece.frameEnd) continue;
      frames += 1;
      const actual = Number(hash.digest() & LOW_32_BITS);
      const declared = piece.frameEnd.checksum;
      if (declared !== undefined && declared !== actual) {
        throw corruptError(
          'zstd',
          `frame ${frames}: content checksum ${hex(actual)} differs from ${hex(declared)}`,
        );
      }
      hash = create64(0n);
    }
  }
  if (!scanner.atFrameBoundary) throw truncatedError('zstd', 'unexpected end of input inside a frame');
  guarded(() => decompress.push(new Uint8Array(0), true));
}

/** Runs a decoder step, turning its exceptions into TRUNCATED/CORRUPT_DATA. */
function guarded<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof ZstdWindowError) throw windowTooLargeError(error.windowBytes, error.maxWindowBytes);
    throw classifyDecoderMessage('zstd', error instanceof Error ? error.message : String(error), error);
  }
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
