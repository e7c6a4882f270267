/**
 * Turns extents into large positional writes: contiguous data is gathered into buffers of up to
 * 4 MiB (one write each), and, when the target already reads as zeros, holes and all-zero blocks
 * are skipped instead of written. Counts what it wrote and what it skipped. With an
 * `alignedWrite` (O_DIRECT), the gathering buffer is page-aligned memory and every gathered write
 * goes through it.
 * @module
 */
import { asBuffer, isZeroRange } from '../binary/zero-scan.js';
import { alignedBuffer } from './aligned-buffer.js';

/** Options of {@link SparseWriter}. */
export interface SparseWriterOptions {
  /** True when unwritten ranges of the target read as zeros (fresh file, zeroed device). */
  readonly skipZeros: boolean;
  /** Zero-detection granularity, aligned to absolute offsets; default 4096 (a filesystem block). */
  readonly blockSize?: number;
  /** Largest single write; default 4 MiB. */
  readonly capacity?: number;
  /**
   * Writes from page-aligned memory (the target's O_DIRECT path). When given, data is always
   * gathered into an aligned buffer and written through it.
   */
  readonly alignedWrite?: PositionalWrite;
}

/** The write primitive the writer drives (a target's pwrite). */
export type PositionalWrite = (bytes: Uint8Array, offset: number) => Promise<void>;

const DEFAULT_BLOCK = 4096;
const DEFAULT_CAPACITY = 4 * 1024 * 1024;

/** Coalescing, zero-skipping writer over one target. Not reentrant: await each call. */
export class SparseWriter {
  readonly #write: PositionalWrite;
  readonly #alignedWrite: PositionalWrite | undefined;
  readonly #skipZeros: boolean;
  readonly #blockSize: number;
  readonly #capacity: number;
  #buffer: Uint8Array | undefined;
  /** True when `#buffer` is aligned memory, written through `#alignedWrite`. */
  #gatherAligned = false;
  #zeros: Uint8Array | undefined;
  #start = 0;
  #filled = 0;
  /** Image bytes written so far (zeros included when they had to be written). */
  bytesWritten = 0;
  /** Image bytes skipped because the target already reads zeros there. */
  bytesSkipped = 0;

  constructor(write: PositionalWrite, options: SparseWriterOptions) {
    this.#write = write;
    this.#alignedWrite = options.alignedWrite;
    this.#skipZeros = options.skipZeros;
    this.#blockSize = options.blockSize ?? DEFAULT_BLOCK;
    this.#capacity = options.capacity ?? DEFAULT_CAPACITY;
  }

  /** True when zeros are skipped rather than written. */
  get skipsZeros(): boolean {
    return this.#skipZeros;
  }

  /** Writes `bytes` at `offset`, skipping all-zero blocks when the target allows it. */
  async data(bytes: Uint8Array, offset: number): Promise<void> {
    if (!this.#skipZeros) return this.#append(bytes, offset);
    const view = asBuffer(bytes);
    let runStart = 0;
    let runZero = false;
    for (let at = 0; at < bytes.byteLength;) {
      const end = Math.min(bytes.byteLength, at + this.#blockSize - ((offset + at) % this.#blockSize));
      const isZero = isZeroRange(view, at, end);
      if (at > 0 && isZero !== runZero) {
        await this.#run(bytes.subarray(runStart, at), offset + runStart, runZero);
        runStart = at;
      }
      runZero = isZero;
      at = end;
    }
    if (bytes.byteLength > 0) await this.#run(bytes.subarray(runStart), offset + runStart, runZero);
  }

  /** Accounts for `length` zero bytes at `offset`: skipped, or written as zeros. */
  async hole(offset: number, length: number): Promise<void> {
    if (this.#skipZeros) {
      this.bytesSkipped += length;
      return;
    }
    const zeros = this.#zeroBuffer();
    for (let at = 0; at < length; at += zeros.byteLength) {
      await this.#append(zeros.subarray(0, Math.min(zeros.byteLength, length - at)), offset + at);
    }
  }

  /** Writes what is gathered. */
  async flush(): Promise<void> {
    if (this.#filled === 0 || !this.#buffer) return;
    const filled = this.#filled;
    this.#filled = 0;
    await (this.#gatherAligned ? this.#alignedWrite! : this.#write)(
      this.#buffer.subarray(0, filled),
      this.#start,
    );
    this.bytesWritten += filled;
  }

  async #run(bytes: Uint8Array, offset: number, zero: boolean): Promise<void> {
    if (zero) this.bytesSkipped += bytes.byteLength;
    else await this.#append(bytes, offset);
  }

  async #append(bytes: Uint8Array, offset: number): Promise<void> {
    if (this.#filled > 0 && offset !== this.#start + this.#filled) await this.flush();
    if (this.#filled === 0 && bytes.byteLength >= this.#capacity && !this.#alignedWrite) {
      // Already large: write it as is, without a copy.
      await this.#write(bytes, offset);
      this.bytesWritten += bytes.byteLength;
      return;
    }
    this.#buffer ??= this.#newBuffer();
    for (let at = 0; at < bytes.byteLength;) {
      if (this.#filled === 0) this.#start = offset + at;
      const take = Math.min(this.#capacity - this.#filled, bytes.byteLength - at);
      this.#buffer.set(bytes.subarray(at, at + take), this.#filled);
      this.#filled += take;
      at += take;
      if (this.#filled === this.#capacity) await this.flush();
    }
  }

  /** The gathering buffer: page-aligned when there is an aligned write and such memory. */
  #newBuffer(): Uint8Array {
    const aligned = this.#alignedWrite ? alignedBuffer(this.#capacity) : undefined;
    this.#gatherAligned = aligned !== undefined;
    return aligned ?? new Uint8Array(this.#capacity);
  }

  /** Zeros to write holes from; allocated on first use. */
  #zeroBuffer(): Uint8Array {
    this.#zeros ??= new Uint8Array(Math.max(this.#blockSize, this.#capacity));
    return this.#zeros;
  }
}
