import type { Compression } from './format-magic.js';

/** Which kind of implementation decodes a compression. */
export type DecoderPath = 'system' | 'in-process';

/**
 * A streaming decompressor. `decode` pulls compressed chunks from `input` only as fast as its own
 * output is consumed (backpressure end to end), and ends with TRUNCATED or CORRUPT_DATA rather
 * than a silent short output. Errors thrown by `input` itself propagate unchanged.
 * Stopping the iteration early (return/throw) releases everything, child processes included.
 */
export interface Decoder {
  readonly compression: Compression;
  readonly path: DecoderPath;
  /** Human name of the implementation, e.g. `xz -dc -T0` or `fzstd`, for reports and benchmarks. */
  readonly implementation: string;
  decode(input: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array>;
}
