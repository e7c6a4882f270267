/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum the UEFI specification
 * (2.10, section 5.3.2) uses for the GPT header and the partition entry array.
 *
 * Written here because node:zlib gains `crc32` only in Node 20.15+, and the codec stays pure.
 * @module
 */

const POLYNOMIAL = 0xedb88320;

function buildTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLYNOMIAL ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** Byte-indexed lookup table, computed once; never mutated. */
const TABLE: Readonly<Uint32Array> = buildTable();

/**
 * CRC-32 of `bytes` as an unsigned 32-bit number.
 * @param previous the CRC of the preceding bytes, to continue a running checksum (default 0: start).
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** `0x1234abcd` form used in messages. */
export function formatCrc(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
