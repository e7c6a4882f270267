/**
 * @module
 * The resolved configuration and the shared state of one image source: what the download, the
 * range reads and the size probe all use (the URL, trust, proxy, retry policy, what is known about
 * the image, counters, events).
 */
import { OrchError } from '../../core/errors/index.js';
import { setTimeout as delay } from 'node:timers/promises';
import { abortedFailure } from './http-failure.js';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff-delay.js';
import type { SourceEvent, SourceOptions, SourceStats } from './image-source.js';
import type { ConnectionOptions } from './open-connection.js';
import { proxyForUrl, type ProxyEnv } from './proxy-for-url.js';
import { redactUrl } from './redact-url.js';
import { mergeRepresentation, type Representation } from './representation.js';
import type { RequestContext } from './send-request.js';
import type { BodyWatch } from './read-body.js';

/** Defaults of {@link SourceOptions}. */
export const SOURCE_DEFAULTS = Object.freeze({ idleTimeoutMs: 30_000, maxAttempts: 8 });

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> => delay(ms, undefined, { signal });

/** What every runtime of one source shares, whatever its signal. */
interface SharedState {
  known: Representation | undefined;
  readonly stats: { resumes: number; restarts: number; bytesReceived: number };
}

/** @internal State shared by the parts of one image source. */
export class SourceRuntime {
  readonly url: URL;
  readonly idleTimeoutMs: number;
  readonly maxAttempts: number;
  readonly signal: AbortSignal | undefined;
  readonly request: RequestContext;
  readonly #options: SourceOptions;
  readonly #env: ProxyEnv;
  readonly #shared: SharedState;

  constructor(url: URL, options: SourceOptions, shared?: SharedState) {
    this.url = url;
    this.#options = options;
    this.#shared = shared ?? { known: undefined, stats: { resumes: 0, restarts: 0, bytesReceived: 0 } };
    this.#env = options.env ?? process.env;
    this.idleTimeoutMs = options.idleTimeoutMs ?? SOURCE_DEFAULTS.idleTimeoutMs;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? SOURCE_DEFAULTS.maxAttempts);
    this.signal = options.signal;
    this.request = {
      idleTimeoutMs: this.idleTimeoutMs,
      signal: this.signal,
      allowHttp: options.allowHttp ?? false,
      connection: (target) => this.#connection(target),
    };
  }

  #connection(target: URL): ConnectionOptions {
    let proxy: URL | undefined;
    try {
      proxy = proxyForUrl(target, this.#env);
    } catch (error) {
      throw new OrchError('CONNECT_FAILED', 'the https_proxy / HTTPS_PROXY variable is not a URL', {
        retryable: false,
        cause: error,
      });
    }
    const { destinationPolicy: policy, lookup } = this.#options;
    return {
      caPem: this.#options.caPem,
      proxy,
      timeoutMs: this.idleTimeoutMs,
      signal: this.signal,
      ...(policy ? { policy } : {}),
      ...(lookup ? { lookup } : {}),
    };
  }

  /**
   * The same source (same knowledge of the image, same counters) cancelled by `signal` too: one
   * stream can then be torn down without cancelling the others.
   */
  withSignal(signal: AbortSignal): SourceRuntime {
    const combined = this.signal ? AbortSignal.any([this.signal, signal]) : signal;
    return new SourceRuntime(this.url, { ...this.#options, signal: combined }, this.#shared);
  }

  /** What a body read watches: this URL's idle timeout and the cancel signal. */
  watch(target: URL): BodyWatch {
    return { url: target, idleTimeoutMs: this.idleTimeoutMs, signal: this.signal };
  }

  /** The image as last described by the server (validators, size). */
  get known(): Representation | undefined {
    return this.#shared.known;
  }

  learn(representation: Representation): void {
    this.#shared.known = mergeRepresentation(this.#shared.known, representation);
  }

  get stats(): SourceStats {
    return { ...this.#shared.stats };
  }

  count(counter: keyof SourceStats, amount = 1): void {
    this.#shared.stats[counter] += amount;
  }

  emit(event: SourceEvent): void {
    this.#options.onEvent?.(event);
  }

  /** Throws ABORTED when the signal has fired. */
  throwIfAborted(): void {
    if (this.signal?.aborted) throw abortedFailure(this.url, this.signal.reason);
  }

  /** The backoff before try number `failures + 1`. */
  backoffMs(failures: number): number {
    const backoff = this.#options.backoff ?? {};
    return backoffDelay(
      failures,
      backoff.initialMs ?? DEFAULT_BACKOFF.initialMs,
      backoff.maxMs ?? DEFAULT_BACKOFF.maxMs,
      backoff.random,
    );
  }

  /** Waits `ms` (the injected sleep, if any); ABORTED when cancelled meanwhile. */
  async sleep(ms: number): Promise<void> {
    const sleep = this.#options.backoff?.sleep ?? defaultSleep;
    try {
      await sleep(ms, this.signal);
    } catch (error) {
      if (this.signal?.aborted) throw abortedFailure(this.url, this.signal.reason);
      throw error;
    }
    this.throwIfAborted();
  }

  /** The final error after `tries` tries in a row without progress, keeping the last cause's code. */
  exhausted(last: OrchError, tries: number): OrchError {
    return new OrchError(
      last.code,
      `${last.message} (gave up after ${tries === 1 ? '1 try' : `${tries} tries in a row`} without progress)`,
      {
        retryable: last.retryable,
        details: { ...last.details, url: redactUrl(this.url), attempts: tries },
        cause: last,
      },
    );
  }
}
