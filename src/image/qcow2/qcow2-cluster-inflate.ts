/**
 * Decompression of one compressed qcow2 cluster: raw deflate (compression type 0) or a zstd frame
 * (type 1). The stored bytes may run past the end of the compressed stream (up to the sector
 * boundary, usually into the next cluster's data); both decoders stop at the end of their stream.
 * Spec: qemu's docs/interop/qcow2.txt, "Compressed Clusters Descriptor"; RFC 1951; RFC 8878.
 */
import { inflateRawSync } from 'node:zlib';
import { Decompress } from 'fzstd';
import { Qcow2Error } from './qcow2-error.js';
import type { Qcow2CompressionType } from './qcow2-header.js';
import { zstdFrameInfo } from '../codec/zstd-frame.js';

/**
 * Inflates `stored` (the compressed cluster's bytes as found at its host offset) into exactly
 * `clusterSize` bytes. Output beyond the cluster size is a QCOW2_BOMB; a corrupt or short stream
 * is CORRUPT_DATA (TRUNCATED when `cutByEof` says the stored bytes were cut by the end of file).
 */
export function inflateCluster(
  stored: Uint8Array,
  type: Qcow2CompressionType,
  clusterSize: number,
  where: { readonly host: number; readonly cutByEof: boolean },
): Uint8Array {
  let out: Uint8Array;
  try {
    out =
      type === 'zlib'
        ? inflateRawSync(stored, { maxOutputLength: clusterSize })
        : inflateZstd(stored, clusterSize, where.host);
  } catch (error) {
    if (error instanceof Qcow2Error) throw error;
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw bomb(where.host, clusterSize);
    const code = where.cutByEof ? 'TRUNCATED' : 'CORRUPT_DATA';
    throw new Qcow2Error(
      code,
      `qcow2 ${type} compressed cluster at offset ${where.host} cannot be decompressed: ${(error as Error).message}`,
      { offset: where.host, field: 'compressed cluster' },
      error,
    );
  }
  if (out.length !== clusterSize) {
    throw new Qcow2Error(
      'CORRUPT_DATA',
      `qcow2 compressed cluster at offset ${where.host} decompresses to ${out.length} bytes, expected ${clusterSize}`,
      {
        offset: where.host,
        field: 'compressed cluster',
        expected: clusterSize,
        actual: out.length,
      },
    );
  }
  return out;
}

/** Largest zstd window accepted: 4x the largest cluster; qemu's frames use at most the cluster size. */
const MAX_ZSTD_WINDOW = 8 * 2 ** 20;

function inflateZstd(stored: Uint8Array, clusterSize: number, host: number): Uint8Array {
  const frame = zstdFrameInfo(stored);
  if ((frame.contentSize ?? 0) > clusterSize || frame.windowSize > MAX_ZSTD_WINDOW)
    throw bomb(host, clusterSize);
  const out = new Uint8Array(clusterSize);
  let filled = 0;
  const decoder = new Decompress((chunk) => {
    // Throwing here stops the decoder at the first block past the cluster size.
    if (filled + chunk.length > clusterSize) throw bomb(host, clusterSize);
    out.set(chunk, filled);
    filled += chunk.length;
  });
  decoder.push(stored.subarray(0, frame.length), true);
  return out.subarray(0, filled);
}

function bomb(host: number, clusterSize: number): Qcow2Error {
  return new Qcow2Error(
    'QCOW2_BOMB',
    `qcow2 compressed cluster at offset ${host} inflates beyond the cluster size of ${clusterSize} bytes`,
    {
      offset: host,
      field: 'compressed cluster',
      expected: `<= ${clusterSize}`,
    },
  );
}
