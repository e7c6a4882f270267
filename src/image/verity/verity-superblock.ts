/**
 * dm-verity superblock, format 1 (cryptsetup lib/verity/verity.c `struct verity_sb`, the layout
 * `veritysetup format` writes at the start of the hash device). Little-endian, 512 bytes.
 * @module
 */
import { encodeGuid } from '../gpt/gpt-guid.js';
import { byteFields } from '../binary/byte-fields.js';

/** Bytes of the superblock structure (it occupies the first hash block). */
export const VERITY_SUPERBLOCK_SIZE = 512;
/** "verity\0\0". */
export const VERITY_SIGNATURE = 'verity\0\0';

const OFF_SIGNATURE = 0; // 8 bytes
const OFF_VERSION = 8; // u32, 1
const OFF_HASH_TYPE = 12; // u32, 1 = normal (salt first), 0 = Chrome OS
const OFF_UUID = 16; // 16 bytes, as libuuid stores it (big-endian fields)
const OFF_ALGORITHM = 32; // 32 bytes, NUL padded
const OFF_DATA_BLOCK_SIZE = 64; // u32
const OFF_HASH_BLOCK_SIZE = 68; // u32
const OFF_DATA_BLOCKS = 72; // u64
const OFF_SALT_SIZE = 80; // u16
const OFF_SALT = 88; // 256 bytes
const MAX_SALT = 256;

/** What the superblock records. */
export interface VeritySuperblock {
  /** Hash device UUID (random), `xxxxxxxx-xxxx-...` form. */
  readonly uuid: string;
  /** Hash algorithm name as the kernel knows it, e.g. `sha256`. */
  readonly algorithm: string;
  readonly dataBlockSize: number;
  readonly hashBlockSize: number;
  readonly dataBlocks: bigint;
  readonly salt: Uint8Array;
}

/** Encodes a version 1, hash type 1 superblock. */
export function encodeVeritySuperblock(sb: VeritySuperblock): Uint8Array {
  if (sb.salt.length > MAX_SALT) throw new RangeError(`a verity salt holds at most ${MAX_SALT} bytes`);
  const bytes = new Uint8Array(VERITY_SUPERBLOCK_SIZE);
  const view = byteFields(bytes);
  for (let i = 0; i < 8; i++) bytes[OFF_SIGNATURE + i] = VERITY_SIGNATURE.charCodeAt(i);
  view.setU32le(OFF_VERSION, 1);
  view.setU32le(OFF_HASH_TYPE, 1);
  encodeUuid(sb.uuid, bytes, OFF_UUID);
  for (let i = 0; i < sb.algorithm.length; i++) bytes[OFF_ALGORITHM + i] = sb.algorithm.charCodeAt(i);
  view.setU32le(OFF_DATA_BLOCK_SIZE, sb.dataBlockSize);
  view.setU32le(OFF_HASH_BLOCK_SIZE, sb.hashBlockSize);
  view.setU64le(OFF_DATA_BLOCKS, sb.dataBlocks);
  view.setU16le(OFF_SALT_SIZE, sb.salt.length);
  bytes.set(sb.salt, OFF_SALT);
  return bytes;
}

/** Writes a UUID in libuuid's byte order, the text order (unlike a GPT GUID's mixed-endian one). */
export function encodeUuid(uuid: string, target: Uint8Array, offset: number): void {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) {
    // Reuse the GUID codec's validation message for a malformed value.
    encodeGuid(uuid, new Uint8Array(16), 0, 'uuid');
  }
  for (let i = 0; i < 16; i++) target[offset + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
}
