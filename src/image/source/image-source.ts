/**
 * @module
 * The seam between an image source and its consumers (the pipeline, qcow2 range reads): what a
 * source offers, how the HTTPS one is configured, and how a caller chooses the source of an image.
 * Implementations: the origin over HTTPS (create-image-source.ts) and a local file
 * (file-image-source.ts); an image cache is a third.
 */
import type { Readable } from 'node:stream';
import type { DestinationPolicy } from './destination-policy.js';
import type { LookupAll } from './open-connection.js';
import type { ProxyEnv } from './proxy-for-url.js';

/** Progress and recovery events of a source, for logs and progress bars. */
export type SourceEvent =
  /** A response with a body arrived (`size` is the whole image's size when the server said it). */
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly size?: number;
      readonly etag?: string;
      readonly rangeSupported: boolean;
    }
  /** The download continues from `offset` with a Range request (try `attempt` since progress). */
  | { readonly kind: 'resume'; readonly offset: number; readonly attempt: number; readonly cause: string }
  /** The server cannot resume: the download starts again from byte 0 (delivered bytes are skipped). */
  | { readonly kind: 'restart'; readonly attempt: number; readonly cause: string }
  /** A request failed without progress; the next try (number `attempt`) starts after `delayMs`. */
  | { readonly kind: 'retry'; readonly attempt: number; readonly delayMs: number; readonly cause: string };

/** Exponential backoff between tries that made no progress. */
export interface BackoffOptions {
  /** Delay before the second try, in ms (default 500); it doubles for each further try. */
  readonly initialMs?: number;
  /** Upper bound of one delay, in ms (default 30 000). */
  readonly maxMs?: number;
  /** Random number in [0, 1) for the jitter (default Math.random); tests make it fixed. */
  readonly random?: () => number;
  /** Waits `ms`, rejecting when `signal` aborts (default: a timer); tests make it instant. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** How {@link createImageSource} fetches. Every field is optional. */
export interface SourceOptions {
  /**
   * The profile's certificate(s): a CA or the image server's own leaf, as PEM text (base64 of PEM
   * and base64 DER, EMF's forms, are accepted too). When given it is the
   * ONLY trust anchor (a leaf is trusted as an anchor too); host name and validity are still
   * checked. When absent, the system's certificate authorities are used.
   */
  readonly caPem?: string;
  /** Accept plain `http://` URLs (tests, local mirrors). Default false: such URLs fail with INSECURE_URL. */
  readonly allowHttp?: boolean;
  /** A request that receives no byte for this long is abandoned and resumed (default 30 000 ms). */
  readonly idleTimeoutMs?: number;
  /**
   * Tries in a row that make no progress before giving up (default 8). A try that delivered new
   * bytes resets the count, so a long download survives any number of separate drops.
   */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
  /** Cancels everything: requests are destroyed and the error is ABORTED. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: SourceEvent) => void;
  /** Proxy variables (https_proxy, HTTPS_PROXY, no_proxy, NO_PROXY). Default process.env. */
  readonly env?: ProxyEnv;
  /**
   * Where requests may go, judged on every resolved address of the first request and of every
   * redirect hop (DESTINATION_DENIED otherwise). Absent: anywhere; orchd always sets one, since it
   * fetches URLs its tenants chose.
   */
  readonly destinationPolicy?: DestinationPolicy;
  /** The resolver used with a policy; default the system's (tests map names to addresses). */
  readonly lookup?: LookupAll;
}

/** Counters of one source, across all its reads. */
export interface SourceStats {
  /** Range requests that continued a download after a drop or a stall. */
  readonly resumes: number;
  /** Downloads that started again from byte 0 because the server could not resume. */
  readonly restarts: number;
  /** Body bytes received from the network (including bytes discarded by a restart). */
  readonly bytesReceived: number;
}

/**
 * The hosted bytes of one image: on an HTTP(S) server, in a local file, in a cache. Every failure
 * is an OrchError with a source code.
 */
export interface ImageSource {
  /**
   * The hosted bytes exactly once, in order, from byte 0. Drops and stalls are resumed with
   * Range + If-Range; a server that cannot resume is read again from 0 with the bytes already
   * delivered skipped, so the consumer never sees a seam. Each call starts a new download.
   */
  stream(): Readable;
  /** `length` bytes from `start`; RANGE_UNSUPPORTED when the server cannot serve ranges. */
  readRange(start: number, length: number): Promise<Uint8Array>;
  /** The image's size in bytes (from a HEAD, or a response already seen), if the server says it. */
  size(): Promise<number | undefined>;
  readonly stats: SourceStats;
}

/** The image a profile names, as a source factory is asked for it. */
export interface ImageSourceRequest {
  /** The profile's image URL (the origin). */
  readonly url: string;
  /** The profile's certificate(s): when given, the only trust anchor for the origin. */
  readonly caPem?: string;
  /** Accept plain http:// URLs (tests, local mirrors). */
  readonly allowHttp?: boolean;
  /** Cancels every read of the source. */
  readonly signal?: AbortSignal;
}

/**
 * Chooses the source of an image: the origin over HTTPS by default ({@link openOriginSource}); a
 * cache answers with its local copy, or with the origin while it stores a copy. Throws, like
 * `createImageSource`, only for a request it can never serve (INSECURE_URL, a bad URL).
 */
export type OpenImageSource = (request: ImageSourceRequest) => ImageSource;
