import { windowTooLargeError } from './decoder-errors.js';
import { ZstdFrameScanner, ZstdStructureError, ZstdWindowError } from './zstd-frame.js';
import { corruptError } from './decoder-errors.js';

/**
 * Passes a zstd stream through unchanged while reading its frame headers, failing with
 * ZSTD_WINDOW_TOO_LARGE before a frame whose window is over `maxWindowBytes` reaches the decoder.
 * Used in front of the `zstd` tool (which has the same 128 MiB default limit, but would say so in
 * words of its own) so that both decoder paths fail with one stable code.
 */
export async function* withZstdWindowCap(
  input: AsyncIterable<Uint8Array>,
  maxWindowBytes: number,
): AsyncGenerator<Uint8Array> {
  const scanner = new ZstdFrameScanner({ maxWindowBytes });
  for await (const chunk of input) {
    zstdStep(() => scanner.split(chunk));
    yield chunk;
  }
}

/** Runs a frame-scanner step, turning its exceptions into the decoder's error codes. */
export function zstdStep<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof ZstdWindowError) throw windowTooLargeError(error.windowBytes, error.maxWindowBytes);
    if (error instanceof ZstdStructureError) throw corruptError('zstd', error.message, error);
    throw error;
  }
}
