/**
 * A forward-only reader over an async byte stream that knows its absolute position and can hand
 * out pieces no longer than asked for, keeping the rest of a chunk for the next call. Nothing is
 * buffered beyond the current chunk.
 */
export class ForwardReader {
  readonly #iterator: AsyncIterator<Uint8Array>;
  #pending: Uint8Array | undefined;
  #position = 0;
  #ended = false;

  constructor(input: AsyncIterable<Uint8Array>) {
    this.#iterator = input[Symbol.asyncIterator]();
  }

  /** Absolute offset of the next byte the reader will hand out. */
  get position(): number {
    return this.#position;
  }

  /** True once the input is exhausted. */
  get ended(): boolean {
    return this.#ended && this.#pending === undefined;
  }

  /**
   * The next piece of at most `max` bytes starting at {@link position} (never empty), or
   * `undefined` at the end of the input.
   */
  async next(max = Number.POSITIVE_INFINITY): Promise<Uint8Array | undefined> {
    while (this.#pending === undefined || this.#pending.length === 0) {
      if (this.#ended) return undefined;
      const step = await this.#iterator.next();
      if (step.done) {
        this.#ended = true;
        this.#pending = undefined;
        return undefined;
      }
      this.#pending = step.value;
    }
    const piece = this.#pending.length <= max ? this.#pending : this.#pending.subarray(0, max);
    this.#pending = piece === this.#pending ? undefined : this.#pending.subarray(piece.length);
    this.#position += piece.length;
    return piece;
  }

  /**
   * Reads `length` bytes into a new array; at the end of input, returns what was there (shorter).
   */
  async read(length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const piece = await this.next(length - filled);
      if (piece === undefined) return out.subarray(0, filled);
      out.set(piece, filled);
      filled += piece.length;
    }
    return out;
  }

  /** Skips to absolute `offset` (no-op when already there or past it); false at end of input. */
  async skipTo(offset: number): Promise<boolean> {
    while (this.#position < offset) {
      if ((await this.next(offset - this.#position)) === undefined) return false;
    }
    return true;
  }

  /** Consumes the rest of the input, so that a checksum taken upstream sees every byte. */
  async drain(): Promise<void> {
    while ((await this.next()) !== undefined);
  }

  /** Tells the input that no more bytes will be read (e.g. after an error). */
  async close(): Promise<void> {
    this.#pending = undefined;
    if (!this.#ended) {
      this.#ended = true;
      await this.#iterator.return?.();
    }
  }
}
