/**
 * @module
 * Size and time limits of one pipeline run. orchd validates images its tenants name, so a run must
 * not be able to fill orchd's disk (a 66 KB zstd file decodes to 2 GiB; a body with no length never
 * ends) or hold a job slot forever (a server dripping one byte every 20 s never trips the idle
 * timeout). Every limit is enforced as bytes arrive, and each failure names the limit.
 */
import { OrchError } from '../../core/errors/index.js';
import { extentLength, type Extent } from '../extent.js';

/** Limits of a run; an absent field is no limit. */
export interface PipelineLimits {
  /** Largest hosted (downloaded) file, in bytes. */
  readonly maxHostedBytes?: number;
  /** Largest decoded (raw or qcow2 virtual) image, in bytes. */
  readonly maxImageBytes?: number;
  /** The whole run must end within this many ms. */
  readonly deadlineMs?: number;
  /** The download must average at least `bytesPerSecond` over every `windowMs` (the first window included). */
  readonly minRate?: { readonly bytesPerSecond: number; readonly windowMs: number };
}

const GIB = 1024 ** 3;

const sizeText = (bytes: number): string =>
  bytes >= GIB && bytes % GIB === 0 ? `${bytes / GIB} GiB` : `${bytes} bytes`;

/** IMAGE_TOO_LARGE naming which size went over which cap. */
export function imageTooLarge(what: 'hosted' | 'decoded', cap: number, seen?: number): OrchError {
  const subject = what === 'hosted' ? 'The hosted file' : 'The decoded image';
  const size = seen === undefined ? 'is larger' : `is at least ${seen} bytes, larger`;
  return new OrchError(
    'IMAGE_TOO_LARGE',
    `${subject} ${size} than this orchestrator's cap of ${sizeText(cap)}.`,
    {
      details: { what, cap },
    },
  );
}

/** Fails with IMAGE_TOO_LARGE when the hosted bytes pass `maxHostedBytes`. */
export function checkHostedBytes(limits: PipelineLimits | undefined, total: number): void {
  const cap = limits?.maxHostedBytes;
  if (cap !== undefined && total > cap) throw imageTooLarge('hosted', cap, total);
}

/**
 * The decoded bytes unchanged, failing with IMAGE_TOO_LARGE as soon as their total passes `cap`.
 * Needed before raw extents are made: a run of zeros becomes one hole that ends only where the
 * zeros do, so {@link capExtents} alone would judge a bomb of zeros after its whole expansion.
 */
export async function* capBytes(
  input: AsyncIterable<Uint8Array>,
  cap: number | undefined,
): AsyncGenerator<Uint8Array> {
  if (cap === undefined) return yield* input;
  let total = 0;
  for await (const chunk of input) {
    total += chunk.byteLength;
    if (total > cap) throw imageTooLarge('decoded', cap, total);
    yield chunk;
  }
}

/** The extents unchanged, failing with IMAGE_TOO_LARGE as soon as one ends past `cap`. */
export async function* capExtents(
  extents: AsyncIterable<Extent>,
  cap: number | undefined,
): AsyncGenerator<Extent> {
  for await (const extent of extents) {
    const end = extent.offset + extentLength(extent);
    if (cap !== undefined && end > cap) throw imageTooLarge('decoded', cap, end);
    yield extent;
  }
}

/** A running check of the deadline and the sustained rate; `stop` ends its timer. */
export interface RateGuard {
  /** Tells the guard the hosted bytes received so far. */
  received(total: number): void;
  stop(): void;
}

/**
 * Watches the deadline and the minimum rate and calls `fail` with SOURCE_TOO_SLOW when one is
 * missed. The rate is judged per window (bytes in the window / window length), so a server that
 * drips a byte now and then, resetting every idle timer, still fails at the end of a window.
 */
export function startRateGuard(
  limits: PipelineLimits | undefined,
  now: () => number,
  fail: (error: OrchError) => void,
): RateGuard {
  const { deadlineMs, minRate } = limits ?? {};
  if (deadlineMs === undefined && minRate === undefined)
    return { received: () => undefined, stop: () => undefined };
  const started = now();
  let total = 0;
  let windowStart = { at: started, bytes: 0 };
  const tickMs = Math.max(50, Math.min(minRate?.windowMs ?? Infinity, deadlineMs ?? Infinity) / 4);
  const timer = setInterval(() => {
    const t = now();
    if (deadlineMs !== undefined && t - started > deadlineMs) {
      return fail(
        new OrchError(
          'SOURCE_TOO_SLOW',
          `The image did not arrive within this orchestrator's deadline of ${Math.round(deadlineMs / 1000)} s.`,
          {
            details: { deadlineMs },
          },
        ),
      );
    }
    if (minRate && t - windowStart.at >= minRate.windowMs) {
      const rate = ((total - windowStart.bytes) * 1000) / (t - windowStart.at);
      if (rate < minRate.bytesPerSecond) {
        return fail(
          new OrchError(
            'SOURCE_TOO_SLOW',
            `The image server sent ${Math.round(rate)} bytes/s over the last ${Math.round((t - windowStart.at) / 1000)} s, under this orchestrator's minimum of ${minRate.bytesPerSecond} bytes/s.`,
            { details: { bytesPerSecond: Math.round(rate), minimum: minRate.bytesPerSecond } },
          ),
        );
      }
      windowStart = { at: t, bytes: total };
    }
  }, tickMs);
  timer.unref();
  return {
    received: (bytes) => void (total = bytes),
    stop: () => clearInterval(timer),
  };
}
