import { isZeroRange } from '../binary/zero-scan.js';
import type { Extent } from '../extent.js';

/** Options of {@link rawExtents}. */
export interface RawExtentOptions {
  /**
   * Bytes gathered before they are split into extents (default 1 MiB). The sink coalesces its
   * writes to 4 MiB itself; chunks of 4 MiB here raised peak RSS by ~50 MiB (every chunk is a new
   * buffer, and large dead buffers linger in the allocator until V8 collects them) for no speed.
   */
  readonly chunkBytes?: number;
  /** Zero-detection granularity (default 4096, a filesystem block); divides `chunkBytes`. */
  readonly blockBytes?: number;
}

const DEFAULT_CHUNK = 1024 * 1024;
const DEFAULT_BLOCK = 4096;

/**
 * Turns a raw disk image stream into extents: data runs, and holes where whole blocks are zero,
 * so a sparse-aware sink skips them. Each data extent owns a fresh buffer (never reused), and
 * consecutive zero blocks merge into one hole, across chunks too.
 */
export async function* rawExtents(
  input: AsyncIterable<Uint8Array>,
  options: RawExtentOptions = {},
): AsyncGenerator<Extent> {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK;
  const blockBytes = options.blockBytes ?? DEFAULT_BLOCK;
  const state = { offset: 0, hole: 0 };
  let chunk = freshChunk(chunkBytes);
  let filled = 0;
  for await (const piece of input) {
    for (let at = 0; at < piece.byteLength;) {
      const take = Math.min(chunkBytes - filled, piece.byteLength - at);
      chunk.set(piece.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled === chunkBytes) {
        yield* splitChunk(chunk, chunkBytes, blockBytes, state);
        chunk = freshChunk(chunkBytes);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield* splitChunk(chunk, filled, blockBytes, state);
  if (state.hole > 0) yield { kind: 'hole', offset: state.offset - state.hole, length: state.hole };
}

/**
 * A new chunk buffer, not zero-filled: every byte is overwritten before it is read (only
 * `[0, filled)` is ever split). Zero-filling every chunk was pure cost, and an unpooled
 * buffer is freed as soon as its extents are written.
 */
function freshChunk(bytes: number): Buffer {
  return Buffer.allocUnsafeSlow(bytes);
}

/** Emits the data runs of `chunk[0, length)`; a trailing zero run stays pending in `state.hole`. */
function* splitChunk(
  chunk: Buffer,
  length: number,
  block: number,
  state: { offset: number; hole: number },
): Generator<Extent> {
  let dataStart = -1;
  for (let at = 0; at < length; at += block) {
    const end = Math.min(at + block, length);
    const isZero = isZeroRange(chunk, at, end);
    if (!isZero && dataStart < 0) {
      if (state.hole > 0) yield { kind: 'hole', offset: state.offset + at - state.hole, length: state.hole };
      state.hole = 0;
      dataStart = at;
    } else if (isZero && dataStart >= 0) {
      yield { kind: 'data', offset: state.offset + dataStart, data: chunk.subarray(dataStart, at) };
      dataStart = -1;
    }
    if (isZero) state.hole += end - at;
  }
  if (dataStart >= 0)
    yield { kind: 'data', offset: state.offset + dataStart, data: chunk.subarray(dataStart, length) };
  state.offset += length;
}
