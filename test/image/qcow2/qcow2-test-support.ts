/**
 * Helpers of the qcow2 tests: raw test images, qemu-img/qemu-io as the oracle, chunked streams,
 * and extent collection with the Extent contract checked on the way.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import type { Extent } from '../../../src/image/extent.js';

/** Runs qemu-img with `args`; returns stdout. */
export function qemuImg(...args: string[]): string {
  return execFileSync('qemu-img', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs qemu-io on a qcow2 file with one command. */
export function qemuIo(file: string, command: string): void {
  execFileSync('qemu-io', ['-f', 'qcow2', '-c', command, file], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A deterministic PRNG (mulberry32), so every run sees the same chunking and data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random bytes from the PRNG. */
export function randomBytes(length: number, random: () => number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 4) {
    const v = Math.floor(random() * 2 ** 32);
    out[i] = v & 0xff;
    if (i + 1 < length) out[i + 1] = (v >>> 8) & 0xff;
    if (i + 2 < length) out[i + 2] = (v >>> 16) & 0xff;
    if (i + 3 < length) out[i + 3] = v >>> 24;
  }
  return out;
}

const MiB = 2 ** 20;

/**
 * An ~8 MiB raw disk with random regions (incompressible), zero regions (holes), repeating
 * patterns (compressible), small unaligned writes, and a size that is not a multiple of 64 KiB.
 */
export function makeRawImage(seed: number): Uint8Array {
  const random = prng(seed);
  const image = new Uint8Array(8 * MiB + 3 * 512);
  image.set(randomBytes(MiB, random), 0);
  // 1..3 MiB stay zero.
  for (let i = 3 * MiB; i < 4 * MiB; i++) image[i] = (i * 7) & 0xff;
  image.set(randomBytes(700, random), 4 * MiB + 333);
  image.set(randomBytes(5000, random), 5 * MiB + 65536 - 100);
  image.fill(0x5a, 6 * MiB, 6 * MiB + 300 * 1024);
  image.set(new TextEncoder().encode('the last bytes of the disk'), image.length - 40);
  return image;
}

/** The bytes of `data` as an async stream of random-sized chunks (1 B..256 KiB). */
export async function* chunked(data: Uint8Array, seed: number): AsyncGenerator<Uint8Array> {
  const random = prng(seed);
  for (let at = 0; at < data.length;) {
    const roll = random();
    const size = roll < 0.1 ? 1 + Math.floor(random() * 16) : 1 + Math.floor(random() * 256 * 1024);
    yield data.subarray(at, Math.min(data.length, at + size));
    at += size;
  }
}

/** Collects extents while checking the contract: ordered, gapless, merged holes, bounded data. */
export async function collectRaw(extents: AsyncIterable<Extent>, virtualSize: number): Promise<Uint8Array> {
  const raw = new Uint8Array(virtualSize);
  let next = 0;
  let previous: Extent['kind'] | undefined;
  for await (const extent of extents) {
    assert.equal(extent.offset, next, 'extents are gapless and in order');
    if (extent.kind === 'hole') {
      assert.ok(extent.length > 0);
      assert.notEqual(previous, 'hole', 'adjacent holes are merged');
      next += extent.length;
    } else {
      assert.ok(extent.data.length > 0 && extent.data.length <= 4 * MiB, 'data extents hold 1 B..4 MiB');
      raw.set(extent.data, extent.offset);
      next += extent.data.length;
    }
    previous = extent.kind;
  }
  assert.equal(next, virtualSize, 'extents cover the virtual size');
  return raw;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** sha256 of `qemu-img convert -O raw` of a qcow2 file. */
export async function oracleSha256(qcow2: string, rawOut: string): Promise<string> {
  qemuImg('convert', '-f', 'qcow2', '-O', 'raw', qcow2, rawOut);
  return sha256(await readFile(rawOut));
}

/** A `readRange` over a file, counting calls. */
export function fileRange(path: string): {
  read: (offset: number, length: number) => Promise<Uint8Array>;
  calls: number;
} {
  const state = {
    calls: 0,
    read: async (offset: number, length: number) => {
      state.calls++;
      const handle = await open(path, 'r');
      try {
        const buffer = new Uint8Array(length);
        const { bytesRead } = await handle.read(buffer, 0, length, offset);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
  };
  return state;
}
