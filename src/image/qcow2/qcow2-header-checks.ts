/**
 * Policy checks on a decoded qcow2 header: what this reader refuses and why.
 * Spec: qemu's docs/interop/qcow2.txt ("Header", "feature bits").
 */
import { OrchError } from '../../core/errors/index.js';
import { Qcow2Error } from './qcow2-error.js';
import type { Qcow2Header } from './qcow2-header.js';
import type { Qcow2Limits } from './qcow2-limits.js';
import { l2Entries } from './qcow2-cluster-entry.js';

/** Incompatible feature bits (header offset 72). */
export const INCOMPAT_DIRTY = 0n;
export const INCOMPAT_CORRUPT = 1n;
export const INCOMPAT_EXTERNAL_DATA = 2n;
export const INCOMPAT_COMPRESSION_TYPE = 3n;
export const INCOMPAT_EXTENDED_L2 = 4n;
/** Bits this reader knows (dirty is accepted, corrupt and external data are refused). */
const KNOWN_INCOMPAT =
  (1n << INCOMPAT_DIRTY) |
  (1n << INCOMPAT_CORRUPT) |
  (1n << INCOMPAT_EXTERNAL_DATA) |
  (1n << INCOMPAT_COMPRESSION_TYPE) |
  (1n << INCOMPAT_EXTENDED_L2);
/** Extended L2 needs subclusters of at least 512 bytes: clusters of 16 KiB or more. */
const MIN_EXTENDED_L2_CLUSTER_BITS = 14;
const CRYPT_NAMES = ['none', 'AES', 'LUKS'];

/**
 * Refuses images this reader cannot turn into a faithful raw disk, in this order: backing file,
 * external data file, encryption, corrupt bit, unknown or unsupported incompatible features,
 * bombs (limits), and a virtual size above `maxVirtualSize` (TARGET_TOO_SMALL).
 *
 * The dirty bit is accepted: it only says the refcounts may be stale (lazy refcounts), and this
 * reader never uses refcounts, so the mapping it reads is the one qemu would read. It returns a
 * warning instead.
 *
 * @returns warnings (human sentences) about accepted oddities.
 */
export function checkQcow2Header(
  header: Qcow2Header,
  limits: Qcow2Limits,
  maxVirtualSize?: number,
): string[] {
  checkSelfContained(header);
  checkFeatures(header);
  checkLimits(header, limits);
  if (maxVirtualSize !== undefined && header.virtualSize > maxVirtualSize) {
    throw new OrchError(
      'TARGET_TOO_SMALL',
      `qcow2 virtual size ${header.virtualSize} bytes exceeds the target size ${maxVirtualSize} bytes`,
      { details: { virtualSize: header.virtualSize, targetSize: maxVirtualSize } },
    );
  }
  const dirty = (header.incompatibleFeatures & (1n << INCOMPAT_DIRTY)) !== 0n;
  return dirty
    ? ['qcow2 image is marked dirty (refcounts may be stale); the cluster mapping is read as is']
    : [];
}

/** Backing file, external data file and encryption: the disk's bytes are not all in this file. */
function checkSelfContained(header: Qcow2Header): void {
  if (header.backingFileOffset !== 0) {
    const name = header.backingFileName ?? `(name at offset ${header.backingFileOffset})`;
    throw new Qcow2Error(
      'QCOW2_BACKING_FILE',
      `qcow2 image has a backing file "${name}"; flatten it first (qemu-img convert -O qcow2)`,
      { offset: header.backingFileOffset, field: 'backing_file_offset', actual: name },
    );
  }
  const externalBit = (header.incompatibleFeatures & (1n << INCOMPAT_EXTERNAL_DATA)) !== 0n;
  if (externalBit || header.extensions.externalDataFile !== undefined) {
    const name = header.extensions.externalDataFile ?? '(unnamed)';
    throw new Qcow2Error('QCOW2_EXTERNAL_DATA', `qcow2 image keeps its data in the external file "${name}"`, {
      field: 'incompatible_features bit 2',
      actual: name,
    });
  }
  if (header.cryptMethod !== 0) {
    const method = CRYPT_NAMES[header.cryptMethod] ?? `unknown method ${header.cryptMethod}`;
    throw new Qcow2Error(
      'QCOW2_ENCRYPTED',
      `qcow2 image is encrypted (${method}); provide a decrypted image`,
      {
        offset: 32,
        field: 'crypt_method',
        expected: 0,
        actual: header.cryptMethod,
      },
    );
  }
}

/** The corrupt bit, incompatible bits this reader does not read, and the compression type bit. */
function checkFeatures(header: Qcow2Header): void {
  if ((header.incompatibleFeatures & (1n << INCOMPAT_CORRUPT)) !== 0n) {
    throw new Qcow2Error(
      'QCOW2_INVALID',
      'qcow2 image is marked corrupt (incompatible feature bit 1); repair it with qemu-img check -r all',
      { offset: 72, field: 'incompatible_features' },
    );
  }
  const unknown = header.incompatibleFeatures & ~KNOWN_INCOMPAT;
  if (unknown !== 0n) {
    const bits = [...Array(64).keys()].filter((b) => (unknown & (1n << BigInt(b))) !== 0n);
    const named = bits.map((b) => {
      const name = header.extensions.featureNames.find((f) => f.type === 0 && f.bit === b)?.name;
      return name ? `${b} (${name})` : `${b}`;
    });
    throw new Qcow2Error(
      'QCOW2_UNSUPPORTED_FEATURE',
      `qcow2 image uses incompatible feature bit(s) ${named.join(', ')} that this reader does not support`,
      {
        offset: 72,
        field: 'incompatible_features',
        actual: `0x${header.incompatibleFeatures.toString(16)}`,
      },
    );
  }
  const compressionBit = (header.incompatibleFeatures & (1n << INCOMPAT_COMPRESSION_TYPE)) !== 0n;
  if (compressionBit !== (header.compressionType !== 'zlib')) {
    throw new Qcow2Error(
      'QCOW2_INVALID',
      `qcow2 compression type ${header.compressionType} disagrees with incompatible feature bit 3`,
      {
        offset: 104,
        field: 'compression_type',
        actual: header.compressionType,
      },
    );
  }
  if (header.extendedL2 && header.clusterBits < MIN_EXTENDED_L2_CLUSTER_BITS) {
    throw new Qcow2Error(
      'QCOW2_INVALID',
      `qcow2 extended L2 entries need clusters of at least 16 KiB, found ${header.clusterSize} bytes`,
      {
        offset: 20,
        field: 'cluster_bits',
        expected: `>= ${MIN_EXTENDED_L2_CLUSTER_BITS}`,
        actual: header.clusterBits,
      },
    );
  }
}

/** Bomb limits, an L1 table too small for the virtual size, and the L1 table's placement. */
function checkLimits(header: Qcow2Header, limits: Qcow2Limits): void {
  if (header.virtualSize > limits.maxVirtualSize) {
    throw new Qcow2Error(
      'QCOW2_BOMB',
      `qcow2 virtual size ${header.virtualSize} bytes exceeds the limit of ${limits.maxVirtualSize} bytes`,
      {
        offset: 24,
        field: 'size',
        expected: `<= ${limits.maxVirtualSize}`,
        actual: header.virtualSize,
      },
    );
  }
  if (header.l1Size * 8 > limits.maxL1Bytes) {
    throw new Qcow2Error(
      'QCOW2_BOMB',
      `qcow2 L1 table of ${header.l1Size} entries (${header.l1Size * 8} bytes) exceeds the limit of ${limits.maxL1Bytes} bytes`,
      {
        offset: 36,
        field: 'l1_size',
        expected: `<= ${limits.maxL1Bytes / 8}`,
        actual: header.l1Size,
      },
    );
  }
  const l2Span = header.clusterSize * l2Entries(header);
  const needed = Math.ceil(header.virtualSize / l2Span);
  if (header.l1Size < needed) {
    throw new Qcow2Error(
      'QCOW2_INVALID',
      `qcow2 L1 table has ${header.l1Size} entries but the virtual size needs ${needed}`,
      {
        offset: 36,
        field: 'l1_size',
        expected: `>= ${needed}`,
        actual: header.l1Size,
      },
    );
  }
  if (
    needed > 0 &&
    (header.l1TableOffset < header.clusterSize || header.l1TableOffset % header.clusterSize !== 0)
  ) {
    throw new Qcow2Error(
      'QCOW2_INVALID',
      `qcow2 L1 table offset ${header.l1TableOffset} overlaps the header or is not cluster-aligned`,
      {
        offset: 40,
        field: 'l1_table_offset',
        expected: `a multiple of ${header.clusterSize}, >= ${header.clusterSize}`,
        actual: header.l1TableOffset,
      },
    );
  }
}
