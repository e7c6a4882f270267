/**
 * Turns a guest-ordered sequence of cluster results (hole or bytes) into extents: adjacent holes
 * merged, adjacent data gathered into runs of up to `maxRun` bytes.
 */
import type { Extent } from '../extent.js';

/** Default largest data extent: large writes for the sink, bounded memory per extent. */
export const DEFAULT_MAX_RUN = 4 * 2 ** 20;
/** Runs shorter than this are handed over as a copy, so the run buffer can be reused. */
const COPY_BELOW = 256 * 2 ** 10;

/** See the module comment. Each call returns the extents that became complete. */
export class ExtentBuilder {
  readonly #maxRun: number;
  #offset = 0;
  #hole = 0;
  #run: Uint8Array | undefined;
  #used = 0;

  constructor(maxRun = DEFAULT_MAX_RUN) {
    this.#maxRun = maxRun;
  }

  /** Appends `length` bytes of zeros. */
  hole(length: number): Extent[] {
    const out = this.#flushData();
    this.#hole += length;
    return out;
  }

  /** Appends data bytes (copied; the caller may reuse `bytes`). */
  data(bytes: Uint8Array): Extent[] {
    const out = this.#flushHole();
    for (let at = 0; at < bytes.length;) {
      this.#run ??= new Uint8Array(this.#maxRun);
      const n = Math.min(bytes.length - at, this.#maxRun - this.#used);
      this.#run.set(bytes.subarray(at, at + n), this.#used);
      this.#used += n;
      at += n;
      if (this.#used === this.#maxRun) out.push(...this.#flushData());
    }
    return out;
  }

  /** Whatever is still pending. */
  finish(): Extent[] {
    return [...this.#flushData(), ...this.#flushHole()];
  }

  #flushHole(): Extent[] {
    if (this.#hole === 0) return [];
    const extent: Extent = { kind: 'hole', offset: this.#offset, length: this.#hole };
    this.#offset += this.#hole;
    this.#hole = 0;
    return [extent];
  }

  #flushData(): Extent[] {
    if (this.#used === 0 || this.#run === undefined) return [];
    let data: Uint8Array;
    if (this.#used < COPY_BELOW) {
      data = this.#run.slice(0, this.#used);
    } else {
      data = this.#run.subarray(0, this.#used);
      this.#run = undefined;
    }
    const extent: Extent = { kind: 'data', offset: this.#offset, data };
    this.#offset += this.#used;
    this.#used = 0;
    return [extent];
  }
}
