/**
 * The qcow2 header codec, versions 2 and 3: the header proper, then the header extensions that
 * follow it in the first cluster ((type u32, length u32, data padded to 8 bytes) records, ended
 * by type 0).
 * Spec: qemu's docs/interop/qcow2.txt (https://gitlab.com/qemu-project/qemu/-/blob/master/docs/interop/qcow2.txt),
 * "Header" and "Header extensions". All fields are big-endian. Pure: decodes bytes, no I/O.
 */
import { Qcow2Error } from './qcow2-error.js';
import { byteFields, type ByteFields } from '../binary/byte-fields.js';

/** 'QFI\xfb' */
export const QCOW2_MAGIC = 0x514649fb;
/** Size of the version 2 header; version 3 adds fields up to `header_length`. */
export const QCOW2_V2_HEADER_SIZE = 72;
/** Smallest valid version 3 header (without the compression type byte). */
export const QCOW2_V3_MIN_HEADER_SIZE = 104;
/** Incompatible feature bit 4: extended L2 entries. */
const EXTENDED_L2_BIT = 1n << 4n;

const OFF = {
  magic: 0,
  version: 4,
  backingFileOffset: 8,
  backingFileSize: 16,
  clusterBits: 20,
  size: 24,
  cryptMethod: 32,
  l1Size: 36,
  l1TableOffset: 40,
  refcountTableOffset: 48,
  refcountTableClusters: 56,
  nbSnapshots: 60,
  snapshotsOffset: 64,
  incompatibleFeatures: 72,
  compatibleFeatures: 80,
  autoclearFeatures: 88,
  refcountOrder: 96,
  headerLength: 100,
  compressionType: 104,
} as const;

/** Compression type of compressed clusters (header byte 104, version 3). */
export type Qcow2CompressionType = 'zlib' | 'zstd';

/** The decoded qcow2 header and its extensions. */
export interface Qcow2Header {
  /** 2 or 3. */
  readonly version: number;
  /** Offset of the backing file name, 0 when the image has no backing file. */
  readonly backingFileOffset: number;
  readonly backingFileSize: number;
  /** Backing file name when it lies within the decoded bytes. */
  readonly backingFileName: string | undefined;
  /** log2 of the cluster size (9..21). */
  readonly clusterBits: number;
  readonly clusterSize: number;
  /** Virtual disk size in bytes (the size of the raw image). */
  readonly virtualSize: number;
  /** 0 none, 1 AES, 2 LUKS. */
  readonly cryptMethod: number;
  /** Number of L1 entries. */
  readonly l1Size: number;
  readonly l1TableOffset: number;
  readonly refcountTableOffset: number;
  readonly refcountTableClusters: number;
  readonly nbSnapshots: number;
  readonly snapshotsOffset: number;
  /** Feature bitmaps (0 for version 2). */
  readonly incompatibleFeatures: bigint;
  readonly compatibleFeatures: bigint;
  readonly autoclearFeatures: bigint;
  /** log2 of the refcount width in bits (4 for version 2). */
  readonly refcountOrder: number;
  /** Length of the header proper; extensions follow it. */
  readonly headerLength: number;
  readonly compressionType: Qcow2CompressionType;
  /** 16-byte L2 entries with subclusters (incompatible feature bit 4). */
  readonly extendedL2: boolean;
  readonly extensions: Qcow2HeaderExtensions;
}

/** True when `head` starts with the qcow2 magic 'QFI\xfb'. */
export function isQcow2(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x51 && head[1] === 0x46 && head[2] === 0x49 && head[3] === 0xfb;
}

/** Reads a big-endian u64 as a number; fails when it cannot be represented exactly. */
export function readU64(view: ByteFields, offset: number, field: string): number {
  const value = view.u64be(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new Qcow2Error('QCOW2_INVALID', `qcow2 ${field} is out of range: ${value}`, {
      offset,
      field,
      actual: value.toString(),
    });
  }
  return Number(value);
}

/**
 * Decodes the header at the start of a qcow2 file. `bytes` should hold the whole first cluster
 * (the header extensions and the backing file name live there); at least the header proper is
 * required. Only structural facts are checked here (magic, version, cluster size, header length);
 * the policy checks (backing file, encryption, features, limits) are in `checkQcow2Header`.
 */
export function decodeQcow2Header(bytes: Uint8Array): Qcow2Header {
  if (!isQcow2(bytes)) {
    throw new Qcow2Error('QCOW2_INVALID', 'not a qcow2 image: the magic QFI\\xfb is missing', {
      offset: 0,
      field: 'magic',
    });
  }
  requireBytes(bytes, QCOW2_V2_HEADER_SIZE, 'version 2 header');
  const view = byteFields(bytes);
  const version = view.u32be(OFF.version);
  if (version !== 2 && version !== 3) {
    throw new Qcow2Error('QCOW2_UNSUPPORTED_FEATURE', `qcow2 version ${version} is not supported (2 or 3)`, {
      offset: OFF.version,
      field: 'version',
      expected: '2 or 3',
      actual: version,
    });
  }
  const clusterBits = view.u32be(OFF.clusterBits);
  if (clusterBits < 9 || clusterBits > 21) {
    throw new Qcow2Error('QCOW2_INVALID', `qcow2 cluster_bits ${clusterBits} is outside 9..21`, {
      offset: OFF.clusterBits,
      field: 'cluster_bits',
      expected: '9..21',
      actual: clusterBits,
    });
  }
  const v3 = version === 3 ? decodeV3Fields(bytes, view) : undefined;
  const headerLength = v3?.headerLength ?? QCOW2_V2_HEADER_SIZE;
  const clusterSize = 2 ** clusterBits;
  const extensions = decodeHeaderExtensions(bytes, headerLength, Math.min(bytes.length, clusterSize));
  const backingFileOffset = readU64(view, OFF.backingFileOffset, 'backing_file_offset');
  const backingFileSize = view.u32be(OFF.backingFileSize);
  return {
    version,
    backingFileOffset,
    backingFileSize,
    backingFileName: backingFileName(bytes, backingFileOffset, backingFileSize),
    clusterBits,
    clusterSize,
    virtualSize: readU64(view, OFF.size, 'size'),
    cryptMethod: view.u32be(OFF.cryptMethod),
    l1Size: view.u32be(OFF.l1Size),
    l1TableOffset: readU64(view, OFF.l1TableOffset, 'l1_table_offset'),
    refcountTableOffset: readU64(view, OFF.refcountTableOffset, 'refcount_table_offset'),
    refcountTableClusters: view.u32be(OFF.refcountTableClusters),
    nbSnapshots: view.u32be(OFF.nbSnapshots),
    snapshotsOffset: readU64(view, OFF.snapshotsOffset, 'snapshots_offset'),
    incompatibleFeatures: v3?.incompatible ?? 0n,
    compatibleFeatures: v3?.compatible ?? 0n,
    autoclearFeatures: v3?.autoclear ?? 0n,
    refcountOrder: v3?.refcountOrder ?? 4,
    headerLength,
    compressionType: v3?.compressionType ?? 'zlib',
    extendedL2: ((v3?.incompatible ?? 0n) & EXTENDED_L2_BIT) !== 0n,
    extensions,
  };
}

function decodeV3Fields(bytes: Uint8Array, view: ByteFields) {
  requireBytes(bytes, QCOW2_V3_MIN_HEADER_SIZE, 'version 3 header');
  const headerLength = view.u32be(OFF.headerLength);
  if (headerLength < QCOW2_V3_MIN_HEADER_SIZE || headerLength % 8 !== 0) {
    throw new Qcow2Error('QCOW2_INVALID', `qcow2 header_length ${headerLength} is invalid`, {
      offset: OFF.headerLength,
      field: 'header_length',
      expected: '>= 104, a multiple of 8',
      actual: headerLength,
    });
  }
  requireBytes(bytes, headerLength, 'header');
  const type = headerLength > OFF.compressionType ? view.u8(OFF.compressionType) : 0;
  if (type > 1) {
    throw new Qcow2Error('QCOW2_UNSUPPORTED_FEATURE', `qcow2 compression type ${type} is unknown`, {
      offset: OFF.compressionType,
      field: 'compression_type',
      expected: '0 (zlib) or 1 (zstd)',
      actual: type,
    });
  }
  return {
    incompatible: view.u64be(OFF.incompatibleFeatures),
    compatible: view.u64be(OFF.compatibleFeatures),
    autoclear: view.u64be(OFF.autoclearFeatures),
    refcountOrder: view.u32be(OFF.refcountOrder),
    headerLength,
    compressionType: (type === 1 ? 'zstd' : 'zlib') as Qcow2CompressionType,
  };
}

function backingFileName(bytes: Uint8Array, offset: number, size: number): string | undefined {
  if (offset === 0 || offset + size > bytes.length) return undefined;
  return new TextDecoder().decode(bytes.subarray(offset, offset + size));
}

function requireBytes(bytes: Uint8Array, length: number, what: string): void {
  if (bytes.length < length) {
    throw new Qcow2Error('TRUNCATED', `qcow2 ${what} needs ${length} bytes, only ${bytes.length} present`, {
      offset: 0,
      field: what,
      expected: length,
      actual: bytes.length,
    });
  }
}

// --- header extensions ---

export const EXT_END = 0x00000000;
export const EXT_BACKING_FORMAT = 0xe2792aca;
export const EXT_FEATURE_NAMES = 0x6803f857;
export const EXT_EXTERNAL_DATA_FILE = 0x44415441;
/** Size of one feature name table entry: type u8, bit u8, name 46 bytes. */
const FEATURE_NAME_ENTRY = 48;

/** A named feature bit from the feature name table. */
export interface Qcow2FeatureName {
  /** 0 incompatible, 1 compatible, 2 autoclear. */
  readonly type: number;
  readonly bit: number;
  readonly name: string;
}

/** What the reader needs from the header extensions. */
export interface Qcow2HeaderExtensions {
  readonly backingFormat: string | undefined;
  readonly externalDataFile: string | undefined;
  readonly featureNames: readonly Qcow2FeatureName[];
}

/** Decodes the extensions in `bytes[start, end)`; unknown types are skipped. */
export function decodeHeaderExtensions(bytes: Uint8Array, start: number, end: number): Qcow2HeaderExtensions {
  const view = byteFields(bytes);
  const decoder = new TextDecoder();
  const text = { decode: (b: Uint8Array) => decoder.decode(b) };
  let backingFormat: string | undefined;
  let externalDataFile: string | undefined;
  const featureNames: Qcow2FeatureName[] = [];
  let at = start;
  while (at + 8 <= end) {
    const type = view.u32be(at);
    const length = view.u32be(at + 4);
    if (type === EXT_END) break;
    const data = at + 8;
    if (data + length > end) {
      throw new Qcow2Error(
        'QCOW2_INVALID',
        `qcow2 header extension 0x${type.toString(16)} overruns the first cluster`,
        {
          offset: at,
          field: 'header extension',
          expected: `end <= ${end}`,
          actual: data + length,
        },
      );
    }
    const body = bytes.subarray(data, data + length);
    if (type === EXT_BACKING_FORMAT) backingFormat = text.decode(body);
    else if (type === EXT_EXTERNAL_DATA_FILE) externalDataFile = text.decode(body);
    else if (type === EXT_FEATURE_NAMES) featureNames.push(...decodeFeatureNames(body, text));
    at = data + Math.ceil(length / 8) * 8;
  }
  return { backingFormat, externalDataFile, featureNames };
}

function decodeFeatureNames(body: Uint8Array, text: { decode(b: Uint8Array): string }): Qcow2FeatureName[] {
  const names: Qcow2FeatureName[] = [];
  for (let at = 0; at + FEATURE_NAME_ENTRY <= body.length; at += FEATURE_NAME_ENTRY) {
    const raw = body.subarray(at + 2, at + FEATURE_NAME_ENTRY);
    const nul = raw.indexOf(0);
    names.push({
      type: body[at]!,
      bit: body[at + 1]!,
      name: text.decode(nul < 0 ? raw : raw.subarray(0, nul)),
    });
  }
  return names;
}
