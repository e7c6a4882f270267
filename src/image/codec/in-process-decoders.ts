import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import unbzip2Stream from 'unbzip2-stream';
import type * as XzDecompress from 'xz-decompress';
import { endsWithBzip2Footer, TailKeeper } from './bzip2-end-marker.js';
import { classifyDecoderMessage, truncatedError } from './decoder-errors.js';
import { decodeInWorker } from './decoder-worker-client.js';
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

function xzError(error: unknown): unknown {
  const code = /error code (\d+)/.exec(messageOf(error))?.[1];
  const meaning = code === undefined ? undefined : XZ_EMBEDDED_CODES[code];
  return classifyDecoderMessage('xz', meaning ?? messageOf(error), error);
}

/** The xz decode itself, on whatever thread calls it (the worker's). */
export async function* decodeXzHere(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const XzReadableStream = await loadXzReadableStream();
  const source = Readable.from(input, { objectMode: false });
  const failed: { error?: unknown } = {};
  source.once('error', (error) => (failed.error = error));
  const decoded = Readable.fromWeb(new XzReadableStream(Readable.toWeb(source)) as never);
  try {
    for await (const chunk of decoded) yield chunk as Uint8Array;
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

/** The bzip2 decode itself, on whatever thread calls it (the worker's). */
export function decodeBzip2Here(input: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  // A classic `through` stream: wrapped so that it can be iterated with backpressure.
  const bzip2 = unbzip2Stream();
  const tail = new TailKeeper();
  return throughStream(keepTail(input, tail), bzip2, new Readable().wrap(bzip2), (error) =>
    // unbzip2-stream fails with a TypeError when its bit reader runs dry: once the input has
    // ended, a missing end-of-stream marker means it was cut short.
    !tail.ended || endsWithBzip2Footer(tail.tail)
      ? mapper('bzip2')(error)
      : truncatedError('bzip2', `${messageOf(error)} (no end-of-stream marker)`, error),
  );
}

async function* keepTail(input: AsyncIterable<Uint8Array>, tail: TailKeeper): AsyncGenerator<Uint8Array> {
  for await (const chunk of input) {
    tail.push(chunk);
    yield chunk;
  }
  tail.end();
}
