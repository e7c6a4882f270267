import { Readable } from 'node:stream';
import { OrchError } from '../../core/errors/index.js';
import { createGunzip } from 'node:zlib';
import bitIterator, { type Bzip2BitReader } from 'unbzip2-stream/lib/bit_iterator.js';
import bzip2 from 'unbzip2-stream/lib/bzip2.js';
import type * as XzDecompress from 'xz-decompress';
import { endsWithBzip2Footer, TailKeeper } from './bzip2-end-marker.js';
import { classifyDecoderMessage, truncatedError } from './decoder-errors.js';
import { decodeInWorker } from './decoder-worker-client.js';
import { DECODED_CHUNK_BYTES, type DecodedSink } from './decoder-worker-protocol.js';
import type { Decoder } from './decoder.js';
import type { Compression } from './format-magic.js';
import { throughStream } from './through-stream.js';

export { createFzstdDecoder } from './fzstd-decoder.js';

// A webpack CommonJS bundle: Node's ESM loader only sees its default export.
/**
 * xz-decompress (WASM) is loaded on first use only: it adds ~8 MiB of RSS to every process that
 * imports it, and the system `xz` is preferred wherever it exists.
 */
async function loadXzReadableStream(): Promise<typeof XzDecompress.XzReadableStream> {
  // A CommonJS module flagged __esModule: depending on the loader's interop its exports arrive as
  // the namespace's default or as named exports.
  const loaded = (await import('xz-decompress')) as unknown as Partial<typeof XzDecompress> & {
    default?: Partial<typeof XzDecompress>;
  };
  const XzReadableStream = loaded.XzReadableStream ?? loaded.default?.XzReadableStream;
  if (!XzReadableStream) throw new Error('xz-decompress exports no XzReadableStream');
  return XzReadableStream;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Maps a library error to TRUNCATED/CORRUPT_DATA (decided by its message). */
const mapper = (compression: Compression) => (error: unknown) =>
  classifyDecoderMessage(compression, messageOf(error), error);

/**
 * gzip through node:zlib: the fastest gzip decoder available (faster than gzip or pigz as a
 * child), multi-member files included. zlib says "unexpected end of file" on truncation.
 */
export function createZlibGzipDecoder(): Decoder {
  return {
    compression: 'gzip',
    path: 'in-process',
    implementation: 'node:zlib',
    decode: (input) => {
      const gunzip = createGunzip({ chunkSize: 256 * 1024 });
      return throughStream(input, gunzip, gunzip, mapper('gzip'));
    },
  };
}

/**
 * xz through xz-decompress (xz-embedded as WebAssembly), for hosts without the `xz` tool, in a
 * worker thread (decoder-worker-client.ts) so a long decode never stalls the event loop.
 */
export function createWasmXzDecoder(): Decoder {
  return {
    compression: 'xz',
    path: 'in-process',
    implementation: 'xz-decompress (WASM)',
    decode: (input) => decodeInWorker('xz', input),
  };
}

/** xz-embedded's return codes (xz.h), as the WASM build reports them: "... error code N". */
const XZ_EMBEDDED_CODES: Readonly<Record<string, string>> = {
  '5': 'not an xz stream (XZ_FORMAT_ERROR)',
  '6': 'unsupported xz options (XZ_OPTIONS_ERROR)',
  '7': 'compressed data is corrupt (XZ_DATA_ERROR)',
  // XZ_BUF_ERROR: no progress is possible, i.e. the input ended inside the stream.
  '8': 'unexpected end of input (XZ_BUF_ERROR)',
};

/** xz-decompress refuses dictionaries over 64 MiB (xz -9's) with XZ_MEMLIMIT_ERROR, code 4. */
const XZ_MAX_DICTIONARY_BYTES = 64 * 1024 * 1024;

function xzError(error: unknown): unknown {
  const code = /error code (\d+)/.exec(messageOf(error))?.[1];
  if (code === '4')
    return new OrchError(
      'UNSUPPORTED_FORMAT',
      'The xz stream needs a dictionary over 64 MiB (the most xz -9 uses), more than the in-process xz decoder allows. Install xz on the orchestrator, or recompress with a smaller dictionary.',
      { details: { compression: 'xz', maxDictionaryBytes: XZ_MAX_DICTIONARY_BYTES }, cause: error },
    );
  const meaning = code === undefined ? undefined : XZ_EMBEDDED_CODES[code];
  return classifyDecoderMessage('xz', meaning ?? messageOf(error), error);
}

/** The xz decode itself, on whatever thread calls it (the worker's), into `sink`. */
export async function decodeXzInto(input: AsyncIterable<Uint8Array>, sink: DecodedSink): Promise<void> {
  const XzReadableStream = await loadXzReadableStream();
  const source = Readable.from(input, { objectMode: false });
  const failed: { error?: unknown } = {};
  source.once('error', (error) => (failed.error = error));
  // Pulled one output buffer (64 KiB) at a time, each written to the sink before the next is made.
  const decoded = Readable.fromWeb(new XzReadableStream(Readable.toWeb(source)) as never, {
    highWaterMark: 1,
  });
  try {
    for await (const chunk of decoded) sink.write(chunk as Uint8Array);
  } catch (error) {
    throw 'error' in failed ? failed.error : xzError(error);
  } finally {
    source.destroy();
    decoded.destroy();
  }
}

/**
 * bzip2 through unbzip2-stream (pure JS, slow), for hosts without `lbzip2` or `bzip2`, in a worker
 * thread like xz.
 */
export function createJsBzip2Decoder(): Decoder {
  return {
    compression: 'bzip2',
    path: 'in-process',
    implementation: 'unbzip2-stream',
    decode: (input) => decodeInWorker('bzip2', input),
  };
}

/**
 * The bzip2 decode itself, on whatever thread calls it (the worker's), into `sink`. unbzip2-stream's
 * block decoder is driven here rather than through its stream, which gathers a whole block's
 * output in a JS array before passing it on: a block of runs decodes to about 45 MB (900 kB of
 * runs of 4 + up to 255 repeats) from a few dozen input bytes, some 400 MB as an array. Here each
 * decoded byte goes into a buffer that is written to `sink` whenever it fills.
 */
export async function decodeBzip2Into(input: AsyncIterable<Uint8Array>, sink: DecodedSink): Promise<void> {
  const tail = new TailKeeper();
  const decoder = new Bzip2Blocks(sink);
  const fail = (error: unknown): unknown =>
    // The bit reader fails with a TypeError when it runs dry: once the input has ended, a missing
    // end-of-stream marker means it was cut short.
    !tail.ended || endsWithBzip2Footer(tail.tail)
      ? mapper('bzip2')(error)
      : truncatedError('bzip2', `${messageOf(error)} (no end-of-stream marker)`, error);
  for await (const chunk of input) {
    tail.push(chunk);
    try {
      decoder.push(chunk);
    } catch (error) {
      throw fail(error);
    }
  }
  tail.end();
  try {
    decoder.end();
  } catch (error) {
    throw fail(error);
  }
}

/** Input bytes held before a block is decoded: a whole block of the largest size, as unbzip2-stream. */
const blockLookahead = (blockSize: number): number => (blockSize ? 25_000 + 100_000 * blockSize : 4);

/** unbzip2-stream's `write`/`end` loop, with the decoded bytes streamed to a sink. */
class Bzip2Blocks {
  readonly #queue: Uint8Array[] = [];
  #received = 0;
  #bits: Bzip2BitReader | undefined;
  /** Block size of the current stream (1-9, in 100 kB), 0 before its header. */
  #blockSize = 0;
  #streamCrc: number | null = null;
  /** bzip2.decompress's work area, kept for the next block (it writes each cell before reading it). */
  #work = new Int32Array(0);
  #out = new Uint8Array(DECODED_CHUNK_BYTES);
  #filled = 0;
  readonly #emit = (byte: number): void => {
    this.#out[this.#filled++] = byte;
    if (this.#filled === this.#out.byteLength) this.#flush();
  };

  constructor(private readonly sink: DecodedSink) {}

  push(chunk: Uint8Array): void {
    this.#queue.push(chunk);
    this.#received += chunk.byteLength;
    const bits = (this.#bits ??= bitIterator(() => this.#queue.shift()));
    while (this.#received - bits.bytesRead + 1 >= blockLookahead(this.#blockSize)) this.#step(bits);
  }

  end(): void {
    const bits = this.#bits;
    while (bits && this.#received > bits.bytesRead) this.#step(bits);
    this.#flush();
    if (this.#streamCrc !== null) throw new Error('input stream ended prematurely');
  }

  /** Reads a stream header, or decodes one block (null at the end-of-stream marker). */
  #step(bits: Bzip2BitReader): void {
    if (!this.#blockSize) {
      this.#blockSize = bzip2.header(bits);
      this.#streamCrc = 0;
      return;
    }
    const size = 100_000 * this.#blockSize;
    if (this.#work.length !== size) this.#work = new Int32Array(size);
    this.#streamCrc = bzip2.decompress(bits, this.#emit, this.#work, size, this.#streamCrc ?? 0);
    if (this.#streamCrc === null) this.#blockSize = 0;
  }

  #flush(): void {
    if (this.#filled === 0) return;
    this.sink.write(this.#out.subarray(0, this.#filled));
    this.#filled = 0;
  }
}
