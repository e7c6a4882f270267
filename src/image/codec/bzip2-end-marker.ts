/**
 * bzip2 end-of-stream marker detection. lbzip2 reports a cut-off stream as "bad block header
 * magic", the same words it uses for damage, so the tail of the input decides: a complete stream
 * ends with the 48-bit marker 0x177245385090, a 32-bit combined CRC and 0-7 padding bits.
 * Reference: bzip2 file format (Seward, "bzip2 and libbzip2", §2), stream footer.
 * @module
 */

const END_MARKER = 0x177245385090n;
const MARKER_BITS = 48n;
const CRC_BITS = 32n;
/** Bytes of tail that always contain the footer: 48 + 32 bits plus up to 7 padding bits. */
export const BZIP2_TAIL_BYTES = 11;

/** True when `tail` (the last bytes of a bzip2 stream) ends with a stream footer. */
export function endsWithBzip2Footer(tail: Uint8Array): boolean {
  if (tail.byteLength < BZIP2_TAIL_BYTES) return false;
  let bits = 0n;
  for (const byte of tail.subarray(tail.byteLength - BZIP2_TAIL_BYTES)) bits = (bits << 8n) | BigInt(byte);
  for (let padding = 0n; padding < 8n; padding++) {
    const marker = (bits >> (padding + CRC_BITS)) & ((1n << MARKER_BITS) - 1n);
    const padBits = bits & ((1n << padding) - 1n);
    if (marker === END_MARKER && padBits === 0n) return true;
  }
  return false;
}

/** Keeps the last {@link BZIP2_TAIL_BYTES} bytes seen of a stream, without holding the stream. */
export class TailKeeper {
  #tail = new Uint8Array(0);
  #ended = false;

  /** Marks the end of the stream: {@link tail} is now its true tail. */
  end(): void {
    this.#ended = true;
  }

  get ended(): boolean {
    return this.#ended;
  }

  push(chunk: Uint8Array): void {
    if (chunk.byteLength >= BZIP2_TAIL_BYTES) {
      this.#tail = chunk.slice(chunk.byteLength - BZIP2_TAIL_BYTES);
      return;
    }
    const joined = new Uint8Array(this.#tail.byteLength + chunk.byteLength);
    joined.set(this.#tail);
    joined.set(chunk, this.#tail.byteLength);
    this.#tail = joined.slice(Math.max(0, joined.byteLength - BZIP2_TAIL_BYTES));
  }

  get tail(): Uint8Array {
    return this.#tail;
  }
}
