/**
 * Captures wanted byte ranges of the qcow2 file as the forward-only stream passes them: L2 tables
 * and data clusters whose host offsets are known (from L1, and from L2 tables captured earlier).
 * Everything else in the stream is dropped. The owner decides, per want, whether it is worth
 * keeping (its buffer cap); this class only matches ranges against the passing bytes.
 */
import type { ForwardReader } from './forward-reader.js';
import { MinHeap } from './min-heap.js';

/** A byte range of the qcow2 file that someone will need. */
export interface Want {
  readonly kind: 'table' | 'data';
  /** File offset and length of the range. */
  readonly host: number;
  readonly length: number;
  /** Compressed clusters may legitimately run past the end of the file. */
  readonly compressed: boolean;
  /** Guest position: L1 index, and L2 index (-1 for a table). */
  readonly l1Index: number;
  readonly l2Index: number;
}

/** Supplies wants in increasing host order. */
export interface WantSource {
  /** Host offset of the next want, `Infinity` when exhausted. */
  peekHost(): number;
  /** Moves past the next want, returning it when the owner wants it captured. */
  take(): Want | undefined;
}

/** Called when a capture is complete, or cut by the end of the file (compressed data only). */
export type CaptureHandler = (want: Want, bytes: Uint8Array, cutByEof: boolean) => void;

interface Active {
  readonly want: Want;
  readonly bytes: Uint8Array;
  filled: number;
}

/** Matches wanted ranges against the passing stream; see the module comment. */
export class StreamCapture {
  readonly #reader: ForwardReader;
  readonly #onCapture: CaptureHandler;
  readonly #sources = new MinHeap<WantSource>();
  readonly #active = new Map<number, Active>();

  constructor(reader: ForwardReader, onCapture: CaptureHandler) {
    this.#reader = reader;
    this.#onCapture = onCapture;
  }

  /** Offset of the next byte the stream will deliver. */
  get position(): number {
    return this.#reader.position;
  }

  /** Registers a source of wants; wants it yields below the stream position are skipped. */
  addSource(source: WantSource): void {
    const host = source.peekHost();
    if (host !== Number.POSITIVE_INFINITY) this.#sources.push(source, host);
  }

  /** True while a capture of the range starting at `host` is in progress. */
  isActive(host: number): boolean {
    return this.#active.has(host);
  }

  /**
   * Pulls the stream forward, never past `limit`, until `done()` holds. `target` is captured even
   * if no source yields it. Returns false when the input ended first.
   */
  async advance(limit: number, done: () => boolean, target?: Want): Promise<boolean> {
    while (!done()) {
      const start = this.#reader.position;
      if (start >= limit) throw new Error(`qcow2 capture reached ${limit} without completing its target`);
      const piece = await this.#reader.next(limit - start);
      if (piece === undefined) {
        this.#finishAtEof();
        return done();
      }
      this.#process(piece, start, target);
    }
    return true;
  }

  #process(piece: Uint8Array, start: number, target: Want | undefined): void {
    const end = start + piece.length;
    if (target && target.host >= start && target.host < end && !this.#active.has(target.host))
      this.#start(target);
    // Captures completed in this piece may add sources whose wants lie in this same piece.
    for (let pass = true; pass;) {
      while (this.#sources.peekKey() < end) {
        const source = this.#sources.pop()!;
        const host = source.peekHost();
        const want = source.take();
        if (want && host >= start && !this.#active.has(host)) this.#start(want);
        this.addSource(source);
      }
      pass = this.#feed(piece, start) && this.#sources.peekKey() < end;
    }
  }

  #start(want: Want): void {
    this.#active.set(want.host, { want, bytes: new Uint8Array(want.length), filled: 0 });
  }

  /** Copies the piece's bytes into the captures it overlaps; true when one completed. */
  #feed(piece: Uint8Array, start: number): boolean {
    let completed = false;
    const end = start + piece.length;
    for (const active of [...this.#active.values()]) {
      const from = active.want.host + active.filled;
      const to = Math.min(active.want.host + active.want.length, end);
      if (from < start || from >= to) continue;
      active.bytes.set(piece.subarray(from - start, to - start), active.filled);
      active.filled += to - from;
      if (active.filled === active.want.length) {
        this.#active.delete(active.want.host);
        completed = true;
        this.#onCapture(active.want, active.bytes, false);
      }
    }
    return completed;
  }

  #finishAtEof(): void {
    for (const active of this.#active.values()) {
      if (active.want.compressed) this.#onCapture(active.want, active.bytes.subarray(0, active.filled), true);
    }
    this.#active.clear();
  }
}
