import { Decompress } from 'fzstd';
import xxhash from 'xxhash-wasm';
import { classifyDecoderMessage, corruptError, truncatedError } from './decoder-errors.js';
import type { Decoder } from './decoder.js';
import { ZstdFrameScanner } from './zstd-frame.js';

const LOW_32_BITS = 0xffffffffn;

/**
 * zstd through fzstd (pure JS), for hosts without the `zstd` tool. fzstd does not verify a frame's
 * content checksum, so damage inside a stored block would pass: the frames are followed here
 * ({@link ZstdFrameScanner}) and each declared checksum (xxHash64, via xxhash-wasm) is checked.
 */
export function createFzstdDecoder(): Decoder {
  return { compression: 'zstd', path: 'in-process', implementation: 'fzstd', decode: decodeZstd };
}

async function* decodeZstd(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const { create64 } = await xxhash();
  const scanner = new ZstdFrameScanner();
  const output: Uint8Array[] = [];
  let hash = create64(0n);
  let frames = 0;
  const decompress = new Decompress((data) => {
    hash.update(data);
    output.push(data);
  });
  for await (const chunk of input) {
    for (const piece of guarded(() => scanner.split(chunk))) {
      guarded(() => decompress.push(piece.bytes));
      yield* output.splice(0);
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
  yield* output.splice(0);
}

/** Runs a decoder step, turning its exceptions into TRUNCATED/CORRUPT_DATA. */
function guarded<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw classifyDecoderMessage('zstd', error instanceof Error ? error.message : String(error), error);
  }
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
