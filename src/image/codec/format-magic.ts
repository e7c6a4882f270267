/**
 * Magic numbers of the formats an image URL may serve, and a pure classifier over the first bytes.
 *
 * References: RFC 1952 (gzip), bzip2 file format (Seward), xz-file-format 1.2.0 §2.1.1,
 * RFC 8878 §3.1 (zstd frames, skippable frames), qcow2 spec (qemu docs/interop/qcow2.txt),
 * UEFI 2.10 §5.3 (GPT), ECMA-119 §8 (ISO 9660), VMDK 1.1, VHD spec (Microsoft, 2006),
 * MS-VHDX §2.2, PKWARE APPNOTE §4.3.7 (zip), POSIX ustar, lz4 frame format §2.
 * @module
 */
import { byteFields } from '../binary/byte-fields.js';

/** Compressions we decode. */
export const COMPRESSIONS = ['gzip', 'bzip2', 'xz', 'zstd'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

/** Disk image formats we write. */
export const IMAGE_FORMATS = ['qcow2', 'raw'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** Bytes of head needed to tell every known format apart (the ISO 9660 descriptor ends at 0x8006). */
export const SNIFF_HEAD_BYTES = 36 * 1024;

const GZIP = [0x1f, 0x8b];
const BZIP2 = [0x42, 0x5a, 0x68]; // 'BZh', followed by the block size digit '1'..'9'
const XZ = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const ZSTD = [0x28, 0xb5, 0x2f, 0xfd]; // frame magic 0xFD2FB528, little-endian
const ZSTD_SKIPPABLE_MASK = 0xfffffff0;
const ZSTD_SKIPPABLE = 0x184d2a50; // 0x184D2A50..0x184D2A5F, little-endian
const QCOW2 = [0x51, 0x46, 0x49, 0xfb]; // 'QFI\xfb'
const GPT_SIGNATURE = ascii('EFI PART');
const GPT_OFFSETS = [512, 4096]; // LBA 1 for 512-byte and 4096-byte sectors
const MBR_BOOT_SIGNATURE_OFFSET = 510; // 0x55 0xAA
const ISO9660_OFFSET = 0x8001; // 'CD001' in the first volume descriptor (sector 16)
const ISO9660 = ascii('CD001');
const VMDK_SPARSE = ascii('KDMV');
const VMDK_DESCRIPTOR = ascii('# Disk DescriptorFile');
const VHD_FOOTER = ascii('conectix');
const VHDX = ascii('vhdxfile');
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const TAR_USTAR_OFFSET = 257;
const TAR_USTAR = ascii('ustar');
const LZ4 = [0x04, 0x22, 0x4d, 0x18];
const MARKUP = ['<!doctype', '<html', '<?xml', '<head', '<body'];

/** What the first bytes of a stream are, supported or not. */
export type Identified =
  | { readonly kind: 'compression'; readonly name: Compression }
  | { readonly kind: 'image'; readonly name: 'qcow2' }
  | { readonly kind: 'image'; readonly name: 'raw'; readonly partitionTable: 'gpt' | 'mbr' }
  | { readonly kind: 'unsupported'; readonly name: string; readonly description: string };

/**
 * Classifies a stream by its first bytes (pure; pass at least {@link SNIFF_HEAD_BYTES} unless the
 * stream is shorter). Content decides, never a file name: this is what makes `image.img.gz`
 * holding a qcow2, or a URL with a query string, work.
 */
export function identify(head: Uint8Array): Identified {
  if (head.byteLength === 0) return unsupported('empty', 'an empty file (0 bytes)');
  const compression = identifyCompression(head);
  if (compression) return { kind: 'compression', name: compression };
  if (startsWith(head, QCOW2)) return { kind: 'image', name: 'qcow2' };
  const foreign = identifyForeign(head);
  if (foreign) return foreign;
  if (GPT_OFFSETS.some((offset) => startsWith(head, GPT_SIGNATURE, offset))) {
    return { kind: 'image', name: 'raw', partitionTable: 'gpt' };
  }
  if (head[MBR_BOOT_SIGNATURE_OFFSET] === 0x55 && head[MBR_BOOT_SIGNATURE_OFFSET + 1] === 0xaa) {
    return { kind: 'image', name: 'raw', partitionTable: 'mbr' };
  }
  // The kind is named, never the bytes: a body can be a secret of whatever answered the URL.
  if (looksLikeText(head)) return unsupported('text', 'a text file or a web page, not a disk image');
  return unsupported(
    'no-partition-table',
    'raw data without a partition table (no GPT at byte 512 or 4096, no MBR signature at byte 510)',
  );
}

function identifyCompression(head: Uint8Array): Compression | undefined {
  if (startsWith(head, GZIP)) return 'gzip';
  if (startsWith(head, BZIP2) && head[3] !== undefined && head[3] >= 0x31 && head[3] <= 0x39) return 'bzip2';
  if (startsWith(head, XZ)) return 'xz';
  if (startsWith(head, ZSTD)) return 'zstd';
  if (head.byteLength >= 4) {
    const magic = byteFields(head).u32le(0);
    if ((magic & ZSTD_SKIPPABLE_MASK) >>> 0 === ZSTD_SKIPPABLE) return 'zstd';
  }
  return undefined;
}

/** Formats people host by mistake; each is named so the operator knows what to convert. */
function identifyForeign(head: Uint8Array): Identified | undefined {
  if (startsWith(head, ISO9660, ISO9660_OFFSET)) {
    return unsupported('iso9660', 'an ISO 9660 CD/DVD image (an installer, not a disk image)');
  }
  if (startsWith(head, VMDK_SPARSE))
    return unsupported('vmdk', 'a VMDK sparse disk (convert it to qcow2 or raw)');
  if (startsWith(head, VMDK_DESCRIPTOR))
    return unsupported('vmdk', 'a VMDK descriptor file (text, no disk data)');
  if (startsWith(head, VHD_FOOTER)) {
    return unsupported('vhd', 'a VHD dynamic disk (its footer copy sits at byte 0; convert it to raw)');
  }
  if (startsWith(head, VHDX)) return unsupported('vhdx', 'a VHDX disk (convert it to qcow2 or raw)');
  if (startsWith(head, ZIP)) return unsupported('zip', 'a zip archive (unpack it and host the disk image)');
  if (startsWith(head, TAR_USTAR, TAR_USTAR_OFFSET)) return unsupported('tar', 'a tar archive');
  if (startsWith(head, LZ4)) return unsupported('lz4', 'lz4-compressed data (use zstd, xz, gzip or bzip2)');
  const text = lowerAscii(head.subarray(0, 64)).trimStart();
  if (MARKUP.some((tag) => text.startsWith(tag))) {
    return unsupported('html', 'a web page (HTML), not an image');
  }
  return undefined;
}

function unsupported(name: string, description: string): Identified {
  return { kind: 'unsupported', name, description };
}

function startsWith(head: Uint8Array, magic: ArrayLike<number>, offset = 0): boolean {
  if (head.byteLength < offset + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (head[offset + i] !== magic[i]) return false;
  return true;
}

function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

function lowerAscii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes).toLowerCase();
}

/** Printable ASCII/UTF-8 text with line breaks and no NUL in the first KiB. */
function looksLikeText(head: Uint8Array): boolean {
  const sample = head.subarray(0, 1024);
  for (const byte of sample) {
    if (byte === 0) return false;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  }
  return true;
}
