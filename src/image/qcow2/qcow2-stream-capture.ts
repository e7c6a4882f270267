/**
 * Captures wanted byte ranges of the qcow2 file as the forward-only stream passes them: L2 tables
 * and data clusters whose host offsets are known (from L1, and from L2 tables captured earlier).
 * The last `recentBytes` of the stream are also kept (as references to the passed pieces), because
 * qemu packs compressed clusters into a partly filled host cluster that can precede the L2 table
 * mapping them. Everything else is dropped. The owner decides, per want, whether it is worth
 * keeping (its buffer cap); this class only matches ranges against the passing bytes.
 */
import type { ForwardReader } from './forward-reader.js';
import { Qcow2Error } from './qcow2-error.js';
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
  readonly #recentBytes: number;
  #activeBytes = 0;
  /** The most recently passed pieces, oldest first, covering at least `recentBytes`. */
  readonly #recent: { start: number; bytes: Uint8Array }[] = [];

  constructor(reader: ForwardReader, onCapture: CaptureHandler, recentBytes: number) {
    this.#reader = reader;
    this.#onCapture = onCapture;
    this.#recentBytes = recentBytes;
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

  /** Bytes allocated for captures in progress. */
  get activeBytes(): number {
    return this.#activeBytes;
  }

  /** True when the range starting at `host` can still be captured: ahead, in progress, or recent. */
  reachable(host: number): boolean {
    return host >= this.#reader.position || this.#active.has(host) || host >= this.#recentStart();
  }

  /**
   * Pulls the stream forward, never past `limit`, until `done()` holds. `target` is captured even
   * if no source yields it, into `into` when given (saving a copy). Returns false when the input
   * ended first.
   */
  async advance(limit: number, done: () => boolean, target?: Want, into?: Uint8Array): Promise<boolean> {
    if (target && target.host < this.#reader.position && !this.#active.has(target.host))
      this.#startRecent(target, into);
    while (!done()) {
      const start = this.#reader.position;
      if (start >= limit)
        throw new Qcow2Error(
          'QCOW2_INVALID',
          `qcow2 ${target?.kind ?? 'range'} at offset ${target?.host ?? limit} overlaps another table or cluster mapped at the same offset`,
          { offset: target?.host, field: target?.kind },
        );
      const piece = await this.#reader.next(limit - start);
      if (piece === undefined) {
        this.#finishAtEof();
        return done();
      }
      this.#process(piece, start, target, into);
      this.#remember(piece, start);
    }
    return true;
  }

  #process(piece: Uint8Array, start: number, target: Want | undefined, into: Uint8Array | undefined): void {
    const end = start + piece.length;
    if (target && target.host >= start && target.host < end && !this.#active.has(target.host))
      this.#start(target, into);
    // Captures completed in this piece may add sources whose wants lie in this same piece.
    for (let pass = true; pass;) {
      while (this.#sources.peekKey() < end) {
        const source = this.#sources.pop()!;
        const host = source.peekHost();
        const want = source.take();
        if (want && !this.#active.has(host)) {
          if (host >= start) this.#start(want);
          else this.#startRecent(want);
        }
        this.addSource(source);
      }
      pass = this.#feed(piece, start) && this.#sources.peekKey() < end;
    }
  }

  #start(want: Want, into?: Uint8Array): Active {
    const bytes = into?.length === want.length ? into : new Uint8Array(want.length);
    const active: Active = { want, bytes, filled: 0 };
    this.#active.set(want.host, active);
    this.#activeBytes += want.length;
    return active;
  }

  /** Starts a capture of a range that began before the stream position, from the recent pieces. */
  #startRecent(want: Want, into?: Uint8Array): void {
    if (want.host < this.#recentStart()) return;
    const active = this.#start(want, into);
    for (const { start, bytes } of this.#recent) {
      const from = want.host + active.filled;
      const to = Math.min(want.host + want.length, start + bytes.length);
      if (from < start || from >= to) continue;
      active.bytes.set(bytes.subarray(from - start, to - start), active.filled);
      active.filled += to - from;
    }
    if (active.filled === want.length) {
      this.#active.delete(want.host);
      this.#activeBytes -= want.length;
      this.#onCapture(want, active.bytes, false);
    }
  }

  #recentStart(): number {
    return this.#recent[0]?.start ?? this.#reader.position;
  }

  #remember(piece: Uint8Array, start: number): void {
    this.#recent.push({ start, bytes: piece });
    let kept = this.#reader.position - this.#recent[0]!.start;
    while (kept - this.#recent[0]!.bytes.length >= this.#recentBytes)
      kept -= this.#recent.shift()!.bytes.length;
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
        this.#activeBytes -= active.want.length;
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
    this.#activeBytes = 0;
  }
}
