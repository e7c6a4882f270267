/**
 * @module
 * The factory of the image source: an HTTP(S) image with per-profile trust, resume and retry.
 */
import type { Readable } from 'node:stream';
import { OrchError } from '../../core/errors/index.js';
import type { ImageSource, OpenImageSource, SourceOptions, SourceStats } from './image-source.js';
import { abortedFailure } from './http-failure.js';
import { trustAnchorsPem } from './profile-trust.js';
import { pullReadable } from './pull-readable.js';
import { readRangeOnce } from './range-read.js';
import { redactUrl } from './redact-url.js';
import { resumableDownload } from './resumable-download.js';
import { checkScheme } from './send-request.js';
import { probeSize } from './size-probe.js';
import { SourceRuntime } from './source-runtime.js';
import { withRetries } from './with-retries.js';

class HttpImageSource implements ImageSource {
  readonly #runtime: SourceRuntime;

  constructor(runtime: SourceRuntime) {
    this.#runtime = runtime;
  }

  get stats(): SourceStats {
    return this.#runtime.stats;
  }

  stream(): Readable {
    const runtime = this.#runtime;
    const readable = pullReadable((signal) => resumableDownload(runtime.withSignal(signal)));
    // The caller's cancel reaches the consumer at once, even one that is not reading right now.
    const outer = runtime.signal;
    if (outer) {
      const onAbort = (): void => void readable.destroy(abortedFailure(runtime.url, outer.reason));
      if (outer.aborted) onAbort();
      else outer.addEventListener('abort', onAbort, { once: true });
      readable.once('close', () => outer.removeEventListener('abort', onAbort));
    }
    return readable;
  }

  async readRange(start: number, length: number): Promise<Uint8Array> {
    if (!Number.isSafeInteger(start) || start < 0 || !Number.isSafeInteger(length) || length < 0) {
      throw new OrchError(
        'InvalidArgument',
        `readRange(${start}, ${length}): start and length must be whole numbers >= 0`,
      );
    }
    if (length === 0) return new Uint8Array(0);
    return withRetries(this.#runtime, () => readRangeOnce(this.#runtime, start, length));
  }

  async size(): Promise<number | undefined> {
    const known = this.#runtime.known?.size;
    if (known !== undefined) return known;
    return withRetries(this.#runtime, () => probeSize(this.#runtime));
  }
}

/**
 * An image source for `url`. Throws INSECURE_URL at once for an http:// URL without `allowHttp`
 * (or any other scheme), and InvalidArgument for text that is not a URL or a `caPem` that holds
 * no readable certificate (PEM, base64 of PEM and base64 DER are all accepted); every other failure
 * surfaces from `stream()`, `readRange()` or `size()` as an OrchError.
 */
export function createImageSource(url: string, options: SourceOptions = {}): ImageSource {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new OrchError('InvalidArgument', `the image URL ${redactUrl(url)} is not a valid URL`, {
      cause: error,
    });
  }
  checkScheme(parsed, options.allowHttp ?? false);
  const caPem = options.caPem === undefined ? undefined : trustAnchorsPem(options.caPem);
  return new HttpImageSource(new SourceRuntime(parsed, { ...options, caPem }));
}

/**
 * An {@link OpenImageSource} of the origin over HTTPS, trusting each request's `caPem`, with the
 * options every request shares (orchd's destination policy).
 */
export function originSourceWith(
  shared: Pick<SourceOptions, 'destinationPolicy' | 'lookup'>,
): OpenImageSource {
  return (request) =>
    createImageSource(request.url, {
      ...shared,
      ...(request.caPem ? { caPem: request.caPem } : {}),
      ...(request.allowHttp ? { allowHttp: true } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
}

/** The default {@link OpenImageSource}: the origin over HTTPS, anywhere (no destination policy). */
export const openOriginSource: OpenImageSource = originSourceWith({});
