/**
 * Follows the frame structure of a zstd stream without decompressing it, to find where each
 * frame ends and what content checksum it declares. The in-process decoder (fzstd) skips that
 * checksum; with the frame ends known, we verify it ourselves (xxHash64 of the frame's content,
 * low 32 bits, little-endian).
 * Reference: RFC 8878 §3.1.1 (frame header, blocks, Content_Checksum), §3.1.2 (skippable frames).
 * @module
 */

const FRAME_MAGIC = 0xfd2fb528;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const BLOCK_HEADER_BYTES = 3;
const CHECKSUM_BYTES = 4;
const BLOCK_TYPE_RAW = 0;
const BLOCK_TYPE_RLE = 1;
const BLOCK_TYPE_RESERVED = 3;
const DICT_ID_BYTES = [0, 1, 2, 4];
const FCS_BYTES = [0, 2, 4, 8];

/** A piece of the compressed input; `frameEnd` is set on the piece that completes a frame. */
export interface ZstdPiece {
  readonly bytes: Uint8Array;
  readonly frameEnd?: { readonly checksum?: number };
}

type Phase =
  'magic' | 'descriptor' | 'header' | 'block-header' | 'block-body' | 'checksum' | 'skip-size' | 'skip';

/** A structural error in the zstd stream (reported as CORRUPT_DATA by the decoder). */
export class ZstdStructureError extends Error {}

/** Splits a zstd stream into pieces at frame ends. Feed every byte, in order, to {@link split}. */
export class ZstdFrameScanner {
  #phase: Phase = 'magic';
  /** Bytes still to read in the current phase. */
  #need = 4;
  /** Field bytes gathered for the current fixed-size phase (magic, descriptor, headers, checksum). */
  #field: number[] = [];
  #hasChecksum = false;
  #lastBlock = false;

  /** True between frames: a stream that ends anywhere else was cut short. */
  get atFrameBoundary(): boolean {
    return this.#phase === 'magic' && this.#field.length === 0;
  }

  /** Cuts `chunk` after each frame end. */
  split(chunk: Uint8Array): ZstdPiece[] {
    const pieces: ZstdPiece[] = [];
    let start = 0;
    let at = 0;
    while (at < chunk.byteLength) {
      const bodyPhase = this.#phase === 'block-body' || this.#phase === 'skip';
      const take = bodyPhase ? Math.min(this.#need, chunk.byteLength - at) : 1;
      if (!bodyPhase) this.#field.push(chunk[at]!);
      at += take;
      this.#need -= take;
      if (this.#need > 0) continue;
      const ended = this.#advance();
      if (ended) {
        pieces.push({ bytes: chunk.subarray(start, at), frameEnd: ended });
        start = at;
      }
    }
    if (start < chunk.byteLength) pieces.push({ bytes: chunk.subarray(start) });
    return pieces;
  }

  /** The current phase is complete: move on; returns the frame end when one was reached. */
  #advance(): { checksum?: number } | undefined {
    const field = this.#field;
    this.#field = [];
    switch (this.#phase) {
      case 'magic':
        return this.#onMagic(littleEndian(field));
      case 'descriptor':
        return this.#onDescriptor(field[0]!);
      case 'header':
        return this.#next('block-header', BLOCK_HEADER_BYTES);
      case 'block-header':
        return this.#onBlockHeader(littleEndian(field));
      case 'block-body':
        return this.#afterBlock();
      case 'checksum':
        this.#next('magic', 4);
        return { checksum: littleEndian(field) };
      case 'skip-size':
        return littleEndian(field) === 0 ? this.#next('magic', 4) : this.#next('skip', littleEndian(field));
      case 'skip':
        return this.#next('magic', 4);
    }
  }

  #onMagic(magic: number): undefined {
    if (magic === FRAME_MAGIC) return this.#next('descriptor', 1);
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) return this.#next('skip-size', 4);
    throw new ZstdStructureError(`unknown zstd frame magic 0x${magic.toString(16)}`);
  }

  #onDescriptor(descriptor: number): undefined {
    const fcsFlag = descriptor >> 6;
    const singleSegment = (descriptor >> 5) & 1;
    if ((descriptor >> 3) & 1) throw new ZstdStructureError('zstd frame header reserved bit is set');
    this.#hasChecksum = ((descriptor >> 2) & 1) === 1;
    const fcsBytes = fcsFlag === 0 && singleSegment ? 1 : FCS_BYTES[fcsFlag]!;
    const rest = (singleSegment ? 0 : 1) + DICT_ID_BYTES[descriptor & 3]! + fcsBytes;
    return rest === 0 ? this.#next('block-header', BLOCK_HEADER_BYTES) : this.#next('header', rest);
  }

  #onBlockHeader(header: number): { checksum?: number } | undefined {
    this.#lastBlock = (header & 1) === 1;
    const type = (header >> 1) & 3;
    const size = header >>> 3;
    if (type === BLOCK_TYPE_RESERVED) throw new ZstdStructureError('zstd block of reserved type');
    const body = type === BLOCK_TYPE_RLE ? 1 : type === BLOCK_TYPE_RAW || size > 0 ? size : 0;
    return body === 0 ? this.#afterBlock() : this.#next('block-body', body);
  }

  #afterBlock(): { checksum?: number } | undefined {
    if (!this.#lastBlock) return this.#next('block-header', BLOCK_HEADER_BYTES);
    if (this.#hasChecksum) return this.#next('checksum', CHECKSUM_BYTES);
    this.#next('magic', 4);
    return {};
  }

  #next(phase: Phase, bytes: number): undefined {
    this.#phase = phase;
    this.#need = bytes;
    return undefined;
  }
}

function littleEndian(bytes: readonly number[]): number {
  let value = 0;
  for (let i = bytes.length - 1; i >= 0; i--) value = value * 256 + bytes[i]!;
  return value;
}
