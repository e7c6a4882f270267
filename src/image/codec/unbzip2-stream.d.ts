// unbzip2-stream ships no types: the subset used here is its block decoder and bit reader
// (in-process-decoders.ts drives them directly).
declare module 'unbzip2-stream/lib/bit_iterator.js' {
  /** Reads `n` bits (MSB first) from the buffers `next` returns; `null` aligns to a byte. */
  export interface Bzip2BitReader {
    (n: number | null): number;
    /** Bytes started so far. */
    bytesRead: number;
  }
  export default function bitIterator(next: () => Uint8Array | undefined): Bzip2BitReader;
}

declare module 'unbzip2-stream/lib/bzip2.js' {
  import type { Bzip2BitReader } from 'unbzip2-stream/lib/bit_iterator.js';
  const bzip2: {
    /** Reads a stream header ("BZh" + level); returns the block size in units of 100 kB. */
    header(bits: Bzip2BitReader): number;
    /**
     * Decodes one block, calling `out` per byte; returns the running stream CRC, or null at the
     * end-of-stream marker (after checking the stream CRC). Throws on damage.
     */
    decompress(
      bits: Bzip2BitReader,
      out: (byte: number) => void,
      work: Int32Array,
      size: number,
      streamCrc: number,
    ): number | null;
  };
  export default bzip2;
}
