/**
 * A dm-verity hash tree computed in-process, as `veritysetup format` with its defaults would:
 * format 1 (each hash is sha256(salt || block)), 4096-byte data and hash blocks, 32 digests per
 * 4096-byte hash block padded with zeros, the superblock in the first hash block, the tree's top
 * level first and its level 0 (hashes of the data blocks) last (cryptsetup lib/verity/verity_hash.c).
 * The root hash is the hash of the single top-level block.
 *
 * Data blocks arrive in order through `push`; blocks that are all zeros (a sparse disk's holes,
 * most of a partition grown around a small filesystem) reuse one digest. Level 0 is kept in memory:
 * 32 bytes per 4 KiB of data, 32 MiB for a 4 GiB rootfs.
 * @module
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { encodeVeritySuperblock } from './verity-superblock.js';

/** The data and hash block size (veritysetup's default). */
export const VERITY_BLOCK_SIZE = 4096;
/** Bytes of a sha256 digest. */
const DIGEST = 32;
const PER_BLOCK = VERITY_BLOCK_SIZE / DIGEST;
/** veritysetup's default salt length for sha256. */
export const VERITY_SALT_BYTES = 32;

/** Options of {@link VerityHashTreeBuilder}. */
export interface VerityOptions {
  /** Size of the protected data; a multiple of 4096. */
  readonly dataBytes: number;
  /** Default: 32 random bytes. */
  readonly salt?: Uint8Array;
  /** Hash device UUID; default random. */
  readonly uuid?: string;
}

/** The finished tree. */
export interface VerityTree {
  /** Lower-case hex of the root hash (what `veritysetup verify` takes). */
  readonly rootHash: string;
  readonly salt: Uint8Array;
  readonly uuid: string;
  readonly dataBlocks: number;
  /** The hash device's content: superblock block, then the levels; write it at the partition start. */
  readonly hashArea: Uint8Array;
}

/** Hash blocks each level takes, level 0 first (cryptsetup's level count rule). */
export function verityLevelBlocks(dataBlocks: number): number[] {
  const levels: number[] = [];
  let count = dataBlocks;
  do {
    count = Math.ceil(count / PER_BLOCK);
    levels.push(count);
  } while (count > 1);
  return levels;
}

/** Bytes the hash area (superblock included) needs for `dataBytes` of data. */
export function verityHashAreaBytes(dataBytes: number): number {
  const blocks = verityLevelBlocks(dataBytes / VERITY_BLOCK_SIZE).reduce((a, b) => a + b, 0);
  return (1 + blocks) * VERITY_BLOCK_SIZE;
}

/** Builds the tree from the data blocks pushed in order. */
export class VerityHashTreeBuilder {
  readonly #salt: Uint8Array;
  readonly #uuid: string;
  readonly #dataBlocks: number;
  readonly #level0: Buffer;
  readonly #zeroDigest: Buffer;
  readonly #zeroChunk = Buffer.alloc(1024 * 1024);
  #pushed = 0;

  constructor(options: VerityOptions) {
    if (
      !Number.isSafeInteger(options.dataBytes) ||
      options.dataBytes <= 0 ||
      options.dataBytes % VERITY_BLOCK_SIZE
    ) {
      throw new RangeError(
        `verity data size ${options.dataBytes} is not a positive multiple of ${VERITY_BLOCK_SIZE}`,
      );
    }
    this.#salt = options.salt ?? randomBytes(VERITY_SALT_BYTES);
    this.#uuid = options.uuid ?? randomUUID();
    this.#dataBlocks = options.dataBytes / VERITY_BLOCK_SIZE;
    this.#level0 = Buffer.alloc(verityLevelBlocks(this.#dataBlocks)[0]! * VERITY_BLOCK_SIZE);
    this.#zeroDigest = this.#hash(Buffer.alloc(VERITY_BLOCK_SIZE));
  }

  /** Data blocks still expected. */
  get remainingBytes(): number {
    return (this.#dataBlocks - this.#pushed) * VERITY_BLOCK_SIZE;
  }

  /** Hashes the next whole blocks of data (`bytes.length` a multiple of 4096). */
  push(bytes: Uint8Array): void {
    if (bytes.length % VERITY_BLOCK_SIZE || bytes.length > this.remainingBytes) {
      throw new RangeError(`verity push of ${bytes.length} bytes: not whole blocks, or beyond the data size`);
    }
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const allZero =
      buffer.length <= this.#zeroChunk.length && buffer.equals(this.#zeroChunk.subarray(0, buffer.length));
    for (let at = 0; at < buffer.length; at += VERITY_BLOCK_SIZE, this.#pushed++) {
      const block = buffer.subarray(at, at + VERITY_BLOCK_SIZE);
      const zero = allZero || block.equals(this.#zeroChunk.subarray(0, VERITY_BLOCK_SIZE));
      (zero ? this.#zeroDigest : this.#hash(block)).copy(this.#level0, this.#pushed * DIGEST);
    }
  }

  /** The superblock, the levels and the root hash; every data block must have been pushed. */
  finish(): VerityTree {
    if (this.#pushed !== this.#dataBlocks) {
      throw new RangeError(`verity tree finished after ${this.#pushed} of ${this.#dataBlocks} data blocks`);
    }
    const levels: Buffer[] = [this.#level0];
    while (levels[levels.length - 1]!.length > VERITY_BLOCK_SIZE)
      levels.push(this.#hashLevel(levels[levels.length - 1]!));
    const top = levels[levels.length - 1]!;
    const rootHash = this.#hash(top).toString('hex');
    const superblock = Buffer.alloc(VERITY_BLOCK_SIZE);
    superblock.set(
      encodeVeritySuperblock({
        uuid: this.#uuid,
        algorithm: 'sha256',
        dataBlockSize: VERITY_BLOCK_SIZE,
        hashBlockSize: VERITY_BLOCK_SIZE,
        dataBlocks: BigInt(this.#dataBlocks),
        salt: this.#salt,
      }),
    );
    const hashArea = Buffer.concat([superblock, ...levels.reverse()]);
    return { rootHash, salt: this.#salt, uuid: this.#uuid, dataBlocks: this.#dataBlocks, hashArea };
  }

  /** The next level up: one digest per block of `level`, in hash blocks padded with zeros. */
  #hashLevel(level: Buffer): Buffer {
    const blocks = level.length / VERITY_BLOCK_SIZE;
    const next = Buffer.alloc(Math.ceil(blocks / PER_BLOCK) * VERITY_BLOCK_SIZE);
    for (let i = 0; i < blocks; i++) {
      this.#hash(level.subarray(i * VERITY_BLOCK_SIZE, (i + 1) * VERITY_BLOCK_SIZE)).copy(next, i * DIGEST);
    }
    return next;
  }

  #hash(block: Uint8Array): Buffer {
    return createHash('sha256').update(this.#salt).update(block).digest();
  }
}
