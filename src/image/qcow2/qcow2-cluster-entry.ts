/**
 * L1 and L2 table entries: where a guest cluster's data lives in the qcow2 file.
 * Spec: qemu's docs/interop/qcow2.txt, "Cluster mapping" (standard entries, 8 bytes, big-endian).
 */
import { Qcow2Error } from './qcow2-error.js';
import { type ByteFields } from '../binary/byte-fields.js';

/** Bytes per L1 entry, and per L2 entry without extended L2. */
export const TABLE_ENTRY_SIZE = 8;
/** Bytes per L2 entry with extended L2 (incompatible bit 4): descriptor + subcluster bitmap. */
export const EXTENDED_ENTRY_SIZE = 16;
/** Subclusters per cluster with extended L2. */
export const SUBCLUSTERS = 32;
const ALL_SUBCLUSTERS = 0xffffffff;
/** Bit 62 of an L2 entry: the cluster is compressed. */
const HI_COMPRESSED = 0x40000000;
/** Bits 32..55 of an entry hold the upper part of the host offset. */
const HI_OFFSET_MASK = 0x00ffffff;
/** Bits 9..31 hold the lower part of the host offset (bits 0..8 are flags/reserved). */
const LO_OFFSET_MASK = 0xfffffe00;
/** Bit 0 of a standard L2 entry (version 3): the cluster reads as zeros. */
const LO_ZERO = 1;
const SECTOR = 512;

/** Where one guest cluster's data comes from. */
export type ClusterMapping =
  | { readonly kind: 'unallocated' }
  | { readonly kind: 'zero' }
  /** `subclusters` (extended L2 only): bit i set when subcluster i holds data; absent = all do. */
  | { readonly kind: 'standard'; readonly host: number; readonly subclusters?: number }
  /** `length` is the most bytes the compressed data can occupy (whole sectors); it may end in garbage. */
  | { readonly kind: 'compressed'; readonly host: number; readonly length: number };

const UNALLOCATED: ClusterMapping = Object.freeze({ kind: 'unallocated' });
const ZERO: ClusterMapping = Object.freeze({ kind: 'zero' });

/** Geometry needed to decode entries. */
export interface EntryGeometry {
  readonly clusterBits: number;
  readonly version: number;
  /** 16-byte L2 entries with a subcluster bitmap (incompatible feature bit 4). */
  readonly extendedL2: boolean;
}

/**
 * Bytes of a standard cluster to read from the file: the guest length, or with extended L2 only
 * up to the end of the last data subcluster (qemu may not have written the file beyond it).
 */
export function storedLength(
  mapping: { readonly subclusters?: number },
  guestLength: number,
  clusterBits: number,
): number {
  if (mapping.subclusters === undefined) return guestLength;
  const used = SUBCLUSTERS - Math.clz32(mapping.subclusters);
  return Math.min(guestLength, used * (2 ** clusterBits / SUBCLUSTERS));
}

/** Number of entries in one L2 table. */
export function l2Entries(geometry: EntryGeometry): number {
  return 2 ** geometry.clusterBits / (geometry.extendedL2 ? EXTENDED_ENTRY_SIZE : TABLE_ENTRY_SIZE);
}

/**
 * Host offset of the L2 table an L1 entry points to, 0 when unallocated.
 * @param tableOffset file offset of the L1 table, for error messages
 */
export function decodeL1Entry(
  view: ByteFields,
  index: number,
  geometry: EntryGeometry,
  tableOffset: number,
): number {
  const at = index * TABLE_ENTRY_SIZE;
  const host = (view.u32be(at) & HI_OFFSET_MASK) * 2 ** 32 + ((view.u32be(at + 4) & LO_OFFSET_MASK) >>> 0);
  if (host !== 0) checkHost(host, geometry, tableOffset + at, 'L1 entry');
  return host;
}

/** Decodes L2 entry `index` of a table; `tableOffset` is the table's file offset, for errors. */
export function decodeL2Entry(
  view: ByteFields,
  index: number,
  geometry: EntryGeometry,
  tableOffset: number,
): ClusterMapping {
  const at = index * (geometry.extendedL2 ? EXTENDED_ENTRY_SIZE : TABLE_ENTRY_SIZE);
  const hi = view.u32be(at);
  const lo = view.u32be(at + 4);
  if ((hi & HI_COMPRESSED) !== 0) return decodeCompressed(view.u64be(at), geometry, tableOffset + at);
  const host = (hi & HI_OFFSET_MASK) * 2 ** 32 + ((lo & LO_OFFSET_MASK) >>> 0);
  if (geometry.extendedL2) return decodeExtended(view, at, host, geometry, tableOffset + at);
  if ((lo & LO_ZERO) !== 0) {
    if (geometry.version < 3) {
      throw new Qcow2Error(
        'QCOW2_INVALID',
        `qcow2 version 2 L2 entry at offset ${tableOffset + at} sets the zero flag`,
        { offset: tableOffset + at, field: 'L2 entry' },
      );
    }
    return ZERO;
  }
  if (host === 0) return UNALLOCATED;
  checkHost(host, geometry, tableOffset + at, 'L2 entry');
  return { kind: 'standard', host };
}

/**
 * An extended L2 entry: the bitmap's low half marks allocated subclusters, its high half the
 * subclusters that read as zeros; without a backing file, unallocated subclusters read as zeros too.
 */
function decodeExtended(
  view: ByteFields,
  at: number,
  host: number,
  geometry: EntryGeometry,
  entryOffset: number,
): ClusterMapping {
  const zero = view.u32be(at + 8);
  const allocated = view.u32be(at + 12);
  if (host === 0) {
    if (allocated !== 0) {
      throw new Qcow2Error(
        'QCOW2_INVALID',
        `qcow2 extended L2 entry at offset ${entryOffset} marks subclusters allocated without a host cluster`,
        { offset: entryOffset, field: 'L2 bitmap', actual: allocated },
      );
    }
    return zero === 0 ? UNALLOCATED : ZERO;
  }
  checkHost(host, geometry, entryOffset, 'L2 entry');
  const data = (allocated & ~zero) >>> 0;
  if (data === 0) return ZERO;
  return data === ALL_SUBCLUSTERS
    ? { kind: 'standard', host }
    : { kind: 'standard', host, subclusters: data };
}

function decodeCompressed(entry: bigint, geometry: EntryGeometry, entryOffset: number): ClusterMapping {
  // Bits 0..x-1 hold the byte offset, bits x..61 the number of additional 512-byte sectors.
  const x = BigInt(62 - (geometry.clusterBits - 8));
  const host = Number(entry & ((1n << x) - 1n));
  const extraSectors = Number((entry >> x) & ((1n << BigInt(geometry.clusterBits - 8)) - 1n));
  if (host < 2 ** geometry.clusterBits) {
    throw new Qcow2Error(
      'QCOW2_INVALID',
      `qcow2 compressed cluster at offset ${host} overlaps the header (L2 entry at ${entryOffset})`,
      {
        offset: entryOffset,
        field: 'L2 entry',
        expected: `>= ${2 ** geometry.clusterBits}`,
        actual: host,
      },
    );
  }
  return { kind: 'compressed', host, length: (extraSectors + 1) * SECTOR - (host % SECTOR) };
}

function checkHost(host: number, geometry: EntryGeometry, entryOffset: number, field: string): void {
  const clusterSize = 2 ** geometry.clusterBits;
  if (host % clusterSize !== 0 || host < clusterSize) {
    throw new Qcow2Error(
      'QCOW2_INVALID',
      `qcow2 ${field} at offset ${entryOffset} points to ${host}, which ${host < clusterSize ? 'overlaps the header' : 'is not cluster-aligned'}`,
      {
        offset: entryOffset,
        field,
        expected: `a multiple of ${clusterSize}, >= ${clusterSize}`,
        actual: host,
      },
    );
  }
}
