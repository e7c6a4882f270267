import { isOrchError, OrchError } from '../../core/errors/index.js';
import type { DeclaredFormat } from '../codec/declared-format.js';
import { createDecoderFactory, type DecoderFactory } from '../codec/decoder-factory.js';
import type { Compression } from '../codec/format-magic.js';
import type { Extent } from '../extent.js';
import { openQcow2 } from '../qcow2/open-qcow2.js';
import type { ProgressEvent } from '../progress/progress-event.js';
import { createProgressTracker } from '../progress/progress-tracker.js';
import { abortedError } from './aborted-error.js';
import { compressedRangeReader } from './compressed-range-reader.js';
import { decodeLayers, type DecodedLayers } from './decode-layers.js';
import { writeExtents } from './extent-writer.js';
import { createHashingTap } from './hashing-tap.js';
import { throughHostedTap, type HostedTap } from './hosted-tap.js';
import { keepOpen } from './keep-open.js';
import {
  capBytes,
  capExtents,
  checkHostedBytes,
  imageTooLarge,
  startRateGuard,
  type PipelineLimits,
} from './pipeline-limits.js';
import type { ImageSink, SinkReport } from '../sink/image-sink.js';
import type { ImageSource } from '../source/image-source.js';
import type { PipelineResult } from './pipeline-result.js';
import { rawExtents } from './raw-extents.js';
import { verifySha256, parseSha256 } from './sha256-check.js';

/**
 * Input of {@link runImagePipeline}. Only `source`, `expectedSha256` and `sink` are required; a
 * node's disk write is `{ source: createImageSource(url, { caPem, signal }), expectedSha256, sink:
 * await openDiskSink(device), signal, onProgress }`.
 */
export interface ImagePipelineOptions<Report extends SinkReport = SinkReport> {
  /**
   * Where the hosted bytes come from: the origin over HTTPS (`createImageSource`), a local
   * file (`openFileImageSource`), a cache, or any other {@link ImageSource}.
   */
  readonly source: ImageSource;
  /** sha256 of the hosted file, hex, any case (as an OS profile carries it). */
  readonly expectedSha256: string;
  /** What the caller says the image is; a contradiction is FORMAT_MISMATCH. */
  readonly declared?: DeclaredFormat;
  readonly sink: ImageSink<Report>;
  /** Also hands every hosted byte, as hosted, to this tap (an image cache storing the file). */
  readonly hostedTap?: HostedTap;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Cancels the run: the download stops, the sink is aborted, the error is ABORTED. */
  readonly signal?: AbortSignal;
  /** Also compute the sha256 of the raw disk content (costs one more hash pass in memory). */
  readonly rawSha256?: boolean;
  /** Decoder choice; default {@link createDecoderFactory}() (fastest available). */
  readonly decoders?: DecoderFactory;
  /** Cap of out-of-order qcow2 bytes held in memory (default: the qcow2 reader's, 64 MiB). */
  readonly qcow2MaxBufferBytes?: number;
  /** Milliseconds clock for durations and progress (default `performance.now`). */
  readonly now?: () => number;
  /**
   * Caps on the hosted and decoded sizes, a deadline and a minimum sustained rate, enforced as
   * bytes arrive (IMAGE_TOO_LARGE, SOURCE_TOO_SLOW). orchd sets them for validation; a node
   * writing its own disk is bounded by the disk (`sink.targetSize`).
   */
  readonly limits?: PipelineLimits;
}

/**
 * The one image pipeline (principle 2): hosted bytes -> sha256 in the same pass -> detected
 * decompression -> qcow2 or raw -> extents -> sink, in constant memory with backpressure end to
 * end. The sink (and the hosted tap, first) is committed only when the checksum matched; on any
 * failure both are aborted and the OrchError that says why is rethrown unchanged
 * (CHECKSUM_MISMATCH carries both digests).
 */
export async function runImagePipeline<Report extends SinkReport>(
  options: ImagePipelineOptions<Report>,
): Promise<PipelineResult<Report>> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const expected = parseSha256(options.expectedSha256);
  const { source, sink, signal, hostedTap } = options;
  if (signal?.aborted) throw abortedError(signal);
  const progress = createProgressTracker({ onProgress: options.onProgress, now });
  progress.stage('connecting');
  const hosted = source.stream();
  const onAbort = (): void => void hosted.destroy(abortedError(signal!));
  signal?.addEventListener('abort', onAbort, { once: true });
  const { limits } = options;
  const guard = startRateGuard(limits, now, (error) => void hosted.destroy(error));
  source.size().then(
    (size) => {
      progress.setTotal(size);
      // A declared length over the cap fails at once rather than after the cap's worth of bytes.
      if (size !== undefined && limits?.maxHostedBytes !== undefined && size > limits.maxHostedBytes)
        hosted.destroy(imageTooLarge('hosted', limits.maxHostedBytes, size));
    },
    () => undefined,
  );
  const copied = hostedTap ? throughHostedTap(hosted, hostedTap) : hosted;
  const tap = createHashingTap(copied, (bytes) => {
    progress.stage('downloading');
    progress.downloaded(bytes);
    guard.received(bytes);
    checkHostedBytes(limits, bytes);
  });
  let layers: DecodedLayers | undefined;
  try {
    const decoders = options.decoders ?? createDecoderFactory();
    layers = await decodeLayers(tap.stream, decoders, options.declared);
    const kept = keepOpen(layers.stream);
    const image = await openImage(layers, kept.stream, options, decoders);
    progress.stage('writing');
    const totals = await writeExtents(
      capExtents(image.extents, limits?.maxImageBytes),
      sink,
      progress,
      options,
    );
    progress.stage('verifying');
    await kept.drain();
    const sha256 = tap.digest();
    verifySha256(expected, sha256, tap.bytes());
    progress.stage('committing');
    await hostedTap?.commit({ sha256, hostedBytes: tap.bytes() });
    const sinkReport = await sink.commit();
    progress.stage('done');
    return {
      sha256,
      ...(totals.rawSha256 === undefined ? {} : { rawSha256: totals.rawSha256 }),
      formatChain: layers.chain,
      ...(layers.decoder ? { decoder: layers.decoder.implementation } : {}),
      hostedBytes: tap.bytes(),
      virtualSize: totals.bytesWritten + totals.bytesSkipped,
      bytesWritten: totals.bytesWritten,
      bytesSkipped: totals.bytesSkipped,
      resumes: source.stats.resumes,
      restarts: source.stats.restarts,
      durationMs: now() - started,
      sinkReport,
    };
  } catch (error) {
    const reason = signal?.aborted ? abortedError(signal) : asOrchError(error);
    await sink.abort(reason).catch(() => undefined);
    await hostedTap?.abort(reason).catch(() => undefined);
    throw reason;
  } finally {
    guard.stop();
    signal?.removeEventListener('abort', onAbort);
    hosted.destroy();
    // Whatever stopped early (a refused qcow2, a failed write) must not leave a decoder running.
    await layers?.close().catch(() => undefined);
  }
}

/** Extents of the raw disk, and a size check against the target before the first write. */
async function openImage<R extends SinkReport>(
  layers: DecodedLayers,
  stream: AsyncIterable<Uint8Array>,
  options: ImagePipelineOptions<R>,
  decoders: DecoderFactory,
): Promise<{ extents: AsyncIterable<Extent> }> {
  const targetSize = options.sink.targetSize;
  if (layers.image === 'raw') {
    const size = layers.decoder ? undefined : await options.source.size();
    if (size !== undefined && targetSize !== undefined && size > targetSize) throw tooSmall(size, targetSize);
    return { extents: rawExtents(capBytes(stream, options.limits?.maxImageBytes)) };
  }
  // A bare qcow2 reads passed-over ranges with HTTP Range; a compressed one must re-decode.
  const readRange = layers.decoder
    ? compressedRangeReader(options.source, layers.chain[0] as Compression, decoders)
    : (start: number, length: number) => options.source.readRange(start, length);
  const qcow2 = await openQcow2(stream, {
    readRange,
    ...(targetSize === undefined ? {} : { maxVirtualSize: targetSize }),
    ...(options.qcow2MaxBufferBytes === undefined ? {} : { maxBufferBytes: options.qcow2MaxBufferBytes }),
  });
  const cap = options.limits?.maxImageBytes;
  // The header states the virtual size: over the cap, nothing is decoded.
  if (cap !== undefined && qcow2.header.virtualSize > cap)
    throw imageTooLarge('decoded', cap, qcow2.header.virtualSize);
  return { extents: qcow2.extents };
}

function tooSmall(imageSize: number, targetSize: number): OrchError {
  return new OrchError(
    'TARGET_TOO_SMALL',
    `The image (${imageSize} bytes) is larger than the target (${targetSize} bytes).`,
    { details: { imageSize, targetSize } },
  );
}

/** Every failure leaves as an OrchError; one from a deeper layer keeps its code and message. */
function asOrchError(error: unknown): OrchError {
  if (isOrchError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new OrchError('Internal', `Image pipeline failed: ${message}`, { cause: error });
}
