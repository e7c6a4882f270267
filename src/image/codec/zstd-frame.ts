/**
 * The zstd frame format, without decompressing: the one parser of frame headers and block
 * headers, used two ways. {@link zstdFrameInfo} measures a frame held whole (a compressed qcow2
 * cluster, so the bytes stored after it never reach the decoder, and its window is bounded before
 * decoding); {@link ZstdFrameScanner} follows a stream byte by byte to find where each frame ends
 * and which content checksum it declares (the in-process decoder, fzstd, skips that checksum; we
 * verify it ourselves: xxHash64 of the frame's content, low 32 bits, little-endian).
 * Reference: RFC 8878 section 3.1.1 (frame header, blocks, Content_Checksum), 3.1.2 (skippable
 * frames).
 * @module
 */

const FRAME_MAGIC = 0xfd2fb528;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const MAGIC_BYTES = 4;
const DESCRIPTOR_BYTES = 1;
const BLOCK_HEADER_BYTES = 3;
const CHECKSUM_BYTES = 4;
const BLOCK_TYPE_RLE = 1;
/** Block_Maximum_Size is the smaller of the window and 128 KiB (RFC 8878 3.1.1.2). */
const BLOCK_MAX_BYTES = 128 * 1024;
const BLOCK_TYPE_RESERVED = 3;
const DICT_ID_BYTES = [0, 1, 2, 4] as const;
const FCS_BYTES = [0, 2, 4, 8] as const;

/** A structural error in a zstd frame (CORRUPT_DATA to the decoder, to qcow2). */
export class ZstdStructureError extends Error {}

/**
 * zstd's own default limit on a frame's window (`ZSTD_WINDOWLOG_LIMIT_DEFAULT`, 2^27): the `zstd`
 * tool refuses larger windows unless told `--memory`/`--long`, and so do we.
 */
export const ZSTD_MAX_WINDOW_BYTES = 128 * 1024 * 1024;

/** A frame declares a window larger than the decoder may allocate (ZSTD_WINDOW_TOO_LARGE). */
export class ZstdWindowError extends Error {
  constructor(
    readonly windowBytes: number,
    readonly maxWindowBytes: number,
  ) {
    super(`zstd frame needs a ${windowBytes}-byte window, over the ${maxWindowBytes}-byte cap`);
  }
}

/** The window a frame header declares: from the Window_Descriptor, or the content size when single-segment. */
function windowOf(frame: FrameDescriptor, header: ArrayLike<number>): number {
  if (!frame.singleSegment) {
    const wd = header[0] ?? 0;
    const base = 2 ** (10 + (wd >> 3));
    return base + (base / 8) * (wd & 7);
  }
  const at = frame.dictIdBytes;
  const fcs = frame.fcsBytes;
  return readLe(header, at, fcs) + (fcs === 2 ? 256 : 0);
}

/** What the Frame_Header_Descriptor byte says about the rest of the frame header. */
interface FrameDescriptor {
  readonly singleSegment: boolean;
  readonly hasChecksum: boolean;
  readonly dictIdBytes: number;
  readonly fcsBytes: number;
  /** Header bytes after the descriptor: window descriptor, dictionary id, content size. */
  readonly restBytes: number;
}

function decodeDescriptor(descriptor: number): FrameDescriptor {
  if (descriptor & 0x08) throw new ZstdStructureError('zstd frame header reserved bit is set');
  const singleSegment = (descriptor & 0x20) !== 0;
  const fcsFlag = descriptor >> 6;
  const fcsBytes = fcsFlag === 0 && singleSegment ? 1 : FCS_BYTES[fcsFlag as 0 | 1 | 2 | 3];
  const dictIdBytes = DICT_ID_BYTES[(descriptor & 3) as 0 | 1 | 2 | 3];
  return {
    singleSegment,
    hasChecksum: (descriptor & 0x04) !== 0,
    dictIdBytes,
    fcsBytes,
    restBytes: (singleSegment ? 0 : 1) + dictIdBytes + fcsBytes,
  };
}

/**
 * A Block_Header (3 bytes, little-endian): whether it is the last, and its body's length. A
 * Block_Size over `maxBlockBytes` is refused, as the zstd tool does: fzstd would decode an RLE
 * block of up to 2 MiB from its 4 bytes (a memory bomb), and its window copy breaks on a block
 * larger than the window.
 */
function decodeBlockHeader(
  header: number,
  maxBlockBytes: number = BLOCK_MAX_BYTES,
): { readonly last: boolean; readonly bodyBytes: number } {
  const type = (header >> 1) & 3;
  if (type === BLOCK_TYPE_RESERVED) throw new ZstdStructureError('zstd block type 3 is reserved');
  const size = header >>> 3;
  if (size > maxBlockBytes)
    throw new ZstdStructureError(
      `zstd block of ${size} bytes is over the frame's block maximum of ${maxBlockBytes}`,
    );
  // An RLE block stores one byte whatever its (decoded) size; raw and compressed store `size`.
  return { last: (header & 1) === 1, bodyBytes: type === BLOCK_TYPE_RLE ? 1 : size };
}

/** Little-endian unsigned integer of `count` (up to 8) bytes at `at`, as a number. */
function readLe(bytes: ArrayLike<number>, at: number, count: number): number {
  let value = 0;
  for (let i = count - 1; i >= 0; i--) value = value * 256 + (bytes[at + i] ?? 0);
  return value;
}

/** Facts of one zstd frame. */
export interface ZstdFrameInfo {
  /** Length in bytes of the frame, header to checksum. */
  readonly length: number;
  /** Window size the decoder would allocate (the content size for single-segment frames). */
  readonly windowSize: number;
  /** Declared decompressed size, when the frame has one. */
  readonly contentSize: number | undefined;
}

/** Measures the zstd frame at the start of `bytes`; throws ZstdStructureError when malformed or cut. */
export function zstdFrameInfo(bytes: Uint8Array): ZstdFrameInfo {
  if (bytes.length < MAGIC_BYTES + DESCRIPTOR_BYTES + 1 || readLe(bytes, 0, MAGIC_BYTES) !== FRAME_MAGIC)
    throw new ZstdStructureError('not a zstd frame (bad magic)');
  const frame = decodeDescriptor(bytes[MAGIC_BYTES]!);
  let at = MAGIC_BYTES + DESCRIPTOR_BYTES;
  let windowSize = 0;
  if (!frame.singleSegment) {
    const wd = bytes[at++]!;
    const base = 2 ** (10 + (wd >> 3));
    windowSize = base + (base / 8) * (wd & 7);
  }
  at += frame.dictIdBytes;
  const fcs = frame.fcsBytes;
  const contentSize = fcs === 0 ? undefined : readLe(bytes, at, fcs) + (fcs === 2 ? 256 : 0);
  at += fcs;
  if (frame.singleSegment) windowSize = contentSize ?? 0;
  for (let last = false; !last;) {
    if (at + BLOCK_HEADER_BYTES > bytes.length)
      throw new ZstdStructureError('zstd frame is cut inside a block header');
    const block = decodeBlockHeader(readLe(bytes, at, BLOCK_HEADER_BYTES));
    last = block.last;
    at += BLOCK_HEADER_BYTES + block.bodyBytes;
  }
  at += frame.hasChecksum ? CHECKSUM_BYTES : 0;
  if (at > bytes.length) throw new ZstdStructureError('zstd frame is cut before its end');
  return { length: at, windowSize, contentSize };
}

/** A piece of the compressed input; `frameEnd` is set on the piece that completes a frame. */
export interface ZstdPiece {
  readonly bytes: Uint8Array;
  readonly frameEnd?: { readonly checksum?: number };
}

type Phase =
  'magic' | 'descriptor' | 'header' | 'block-header' | 'block-body' | 'checksum' | 'skip-size' | 'skip';

/** Splits a zstd stream into pieces at frame ends. Feed every byte, in order, to {@link split}. */
export class ZstdFrameScanner {
  /** Frames declaring a larger window fail with {@link ZstdWindowError}; absent: no cap. */
  readonly #maxWindowBytes: number | undefined;
  #frame: FrameDescriptor | undefined;
  #phase: Phase = 'magic';
  /** Bytes still to read in the current phase. */
  #need = MAGIC_BYTES;
  /** Field bytes gathered for the current fixed-size phase (magic, descriptor, headers, checksum). */
  #field: number[] = [];
  #hasChecksum = false;
  #lastBlock = false;
  /** Block_Maximum_Size of the current frame. */
  #maxBlockBytes = BLOCK_MAX_BYTES;

  constructor(options: { readonly maxWindowBytes?: number } = {}) {
    this.#maxWindowBytes = options.maxWindowBytes;
  }

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
    const value = readLe(field, 0, field.length);
    switch (this.#phase) {
      case 'magic':
        if (value === FRAME_MAGIC) return this.#next('descriptor', DESCRIPTOR_BYTES);
        if ((value & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) return this.#next('skip-size', 4);
        throw new ZstdStructureError(`unknown zstd frame magic 0x${value.toString(16)}`);
      case 'descriptor': {
        const frame = decodeDescriptor(value);
        this.#frame = frame;
        this.#hasChecksum = frame.hasChecksum;
        return frame.restBytes === 0 ? this.#checkWindow(field) : this.#next('header', frame.restBytes);
      }
      case 'header':
        return this.#checkWindow(field);
      case 'block-header': {
        const block = decodeBlockHeader(value, this.#maxBlockBytes);
        this.#lastBlock = block.last;
        return block.bodyBytes === 0 ? this.#afterBlock() : this.#next('block-body', block.bodyBytes);
      }
      case 'block-body':
        return this.#afterBlock();
      case 'checksum':
        this.#next('magic', MAGIC_BYTES);
        return { checksum: value };
      case 'skip-size':
        return value === 0 ? this.#next('magic', MAGIC_BYTES) : this.#next('skip', value);
      case 'skip':
        return this.#next('magic', MAGIC_BYTES);
    }
  }

  /** The frame header is complete (`header`: its bytes after the descriptor): judge its window. */
  #checkWindow(header: readonly number[]): undefined {
    const cap = this.#maxWindowBytes;
    if (this.#frame) {
      // A single-segment frame with no header bytes after the descriptor cannot exist (its content
      // size takes at least one byte), so `header` here is the header's rest.
      const window = windowOf(this.#frame, this.#frame.restBytes === 0 ? [] : header);
      if (cap !== undefined && window > cap) throw new ZstdWindowError(window, cap);
      this.#maxBlockBytes = Math.min(window, BLOCK_MAX_BYTES);
    }
    return this.#next('block-header', BLOCK_HEADER_BYTES);
  }

  #afterBlock(): { checksum?: number } | undefined {
    if (!this.#lastBlock) return this.#next('block-header', BLOCK_HEADER_BYTES);
    if (this.#hasChecksum) return this.#next('checksum', CHECKSUM_BYTES);
    this.#next('magic', MAGIC_BYTES);
    return {};
  }

  #next(phase: Phase, bytes: number): undefined {
    this.#phase = phase;
    this.#need = bytes;
    return undefined;
  }
}
