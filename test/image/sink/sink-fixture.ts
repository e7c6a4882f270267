/**
 * Small generated disk images and their extents for the disk sink tests.
 */
import { randomBytes } from 'node:crypto';
import { createGpt } from '../../../src/image/gpt/gpt-create.js';
import { PARTITION_TYPES } from '../../../src/image/gpt/partition-types.js';
import type { Extent } from '../../../src/image/extent.js';
import { diskWith } from '../gpt/gpt-disk-fixture.js';

export const MIB = 1024 * 1024;

/** A GPT image of `size` bytes: ESP, rootfs and data partitions, part random data, part zeros. */
export function gptImage(size: number): Uint8Array {
  const gpt = createGpt({
    diskSize: size,
    partitions: [
      { name: 'EFI', typeGuid: PARTITION_TYPES.esp.guid, sizeBytes: MIB },
      { name: 'rootfs', typeGuid: PARTITION_TYPES.linuxFilesystem.guid, sizeBytes: 3 * MIB },
      { name: 'data', typeGuid: PARTITION_TYPES.microsoftBasicData.guid, sizeBytes: size - 6 * MIB },
    ],
  });
  const image = diskWith(gpt, size);
  image.set(randomBytes(200 * 1024), MIB); // ESP start
  for (let at = 2 * MIB; at < 5 * MIB; at += 128 * 1024) image.set(randomBytes(64 * 1024), at); // rootfs: half zero
  image.set(randomBytes(1000), 5 * MIB + 4096 * 3 + 123); // an unaligned run inside a block
  image.set(randomBytes(300 * 1024), size - 2 * MIB); // near the end: data in the last MiB region
  image.set(randomBytes(7 * 1024), gpt.backupOffset - 7 * 1024); // right before the backup GPT
  return image;
}

/** An MBR-only image: one Linux partition record (type 0x83) from LBA 2048 to the end, random data. */
export function mbrImage(size: number): Uint8Array {
  const image = new Uint8Array(size);
  const dv = new DataView(image.buffer);
  dv.setUint8(446 + 4, 0x83);
  dv.setUint32(446 + 8, 2048, true);
  dv.setUint32(446 + 12, size / 512 - 2048, true);
  dv.setUint16(510, 0xaa55, true);
  image.set(randomBytes(64 * 1024), 2 * MIB);
  image.set(randomBytes(64 * 1024), size - 64 * 1024);
  return image;
}

/**
 * Extents of `image` in `chunk`-byte pieces: all-zero pieces become holes on every other
 * occasion (the rest stay data, so the sink's own zero detection is exercised as well).
 */
export function extentsOf(image: Uint8Array, chunk = 256 * 1024): Extent[] {
  const extents: Extent[] = [];
  let zeroPieces = 0;
  for (let offset = 0; offset < image.length; offset += chunk) {
    const data = image.slice(offset, Math.min(image.length, offset + chunk));
    if (data.every((b) => b === 0) && zeroPieces++ % 2 === 0) {
      extents.push({ kind: 'hole', offset, length: data.length });
    } else {
      extents.push({ kind: 'data', offset, data });
    }
  }
  return extents;
}

/** Zero bytes of `image` inside [start, end), counted per 4 KiB block clipped to the range. */
export function zeroBytesIn(image: Uint8Array, start: number, end: number): number {
  let zeros = 0;
  for (let at = start; at < end;) {
    const stop = Math.min(end, (Math.floor(at / 4096) + 1) * 4096);
    if (image.subarray(at, stop).every((b) => b === 0)) zeros += stop - at;
    at = stop;
  }
  return zeros;
}
