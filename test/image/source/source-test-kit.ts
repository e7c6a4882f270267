/**
 * @module
 * Helpers of the image source tests: deterministic content and offsets, draining a stream, and
 * source options that make retries instant.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { isOrchError, type ErrorCode, type OrchError } from '../../../src/core/errors/index.js';
import type { SourceEvent, SourceOptions } from '../../../src/image/source/index.js';
import { mulberry32 } from '../../support/seeded-random.js';

/** `size` pseudo-random bytes from `seed`. */
export function seededBytes(size: number, seed: number): Buffer {
  const random = mulberry32(seed);
  const bytes = Buffer.alloc(size);
  for (let at = 0; at + 4 <= size; at += 4) bytes.writeUInt32LE(Math.floor(random() * 4_294_967_296), at);
  for (let at = size - (size % 4); at < size; at += 1) bytes[at] = Math.floor(random() * 256);
  return bytes;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads a stream to its end. */
export async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Options with instant, recorded backoff and recorded events. */
export function recordingOptions(extra: SourceOptions = {}): {
  options: SourceOptions;
  events: SourceEvent[];
  sleeps: number[];
} {
  const events: SourceEvent[] = [];
  const sleeps: number[] = [];
  const options: SourceOptions = {
    env: {},
    maxAttempts: 3,
    idleTimeoutMs: 5_000,
    ...extra,
    backoff: { random: () => 0.5, sleep: async (ms) => void sleeps.push(ms), ...extra.backoff },
    onEvent: (event) => events.push(event),
  };
  return { options, events, sleeps };
}

/** The rejection of `work` as an OrchError of `code` (fails the test otherwise). */
export async function rejection(work: Promise<unknown>, code: ErrorCode): Promise<OrchError> {
  try {
    await work;
  } catch (error) {
    if (isOrchError(error, code)) return error;
    throw new Error(`expected ${code}, got ${String(error)}`, { cause: error });
  }
  throw new Error(`expected ${code}, but it succeeded`);
}
