import { OrchError } from '../../core/errors/index.js';

/** A token bucket per key (source address): `burst` calls at once, refilled at `perMinute`. */
export interface RateLimiter {
  /** Throws RATE_LIMITED (429, with `details.retryAfterSeconds`) when the key has no token left. */
  take(key: string): void;
}

export interface RateLimitSettings {
  readonly burst: number;
  readonly perMinute: number;
}

/** Buckets kept at most; the oldest is dropped beyond (a flood of addresses cannot grow memory). */
const MAX_KEYS = 10_000;

export function createRateLimiter(settings: RateLimitSettings, now: () => number): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = settings.perMinute / 60_000;
  return {
    take(key) {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: settings.burst, at: t };
      bucket.tokens = Math.min(settings.burst, bucket.tokens + (t - bucket.at) * refillPerMs);
      bucket.at = t;
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > MAX_KEYS) buckets.delete(buckets.keys().next().value as string);
      if (bucket.tokens < 1) {
        const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
        throw new OrchError(
          'RATE_LIMITED',
          `too many onboarding requests from ${key}; retry in ${retryAfterSeconds} s`,
          {
            details: { retryAfterSeconds },
          },
        );
      }
      bucket.tokens -= 1;
    },
  };
}
