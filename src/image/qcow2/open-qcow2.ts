/**
 * Streaming qcow2 -> raw: opens a qcow2 file given as a forward-only byte stream and produces
 * the raw disk as extents in guest order, in constant memory. Versions 2 and 3, clusters of
 * 512 B..2 MiB, zlib and zstd compressed clusters, zero clusters, extended L2 (subclusters).
 *
 * One sequential pass suffices when metadata precedes the data it maps (what `qemu-img convert
 * -O qcow2` writes). Clusters that pass ahead of their turn are buffered up to `maxBufferBytes`;
 * anything needed after the stream has passed it is fetched with `readRange`, or the read fails
 * with RANGE_UNSUPPORTED. After the last extent the rest of the input is drained, so a checksum
 * taken upstream covers the whole file.
 * Spec: qemu's docs/interop/qcow2.txt.
 */
import type { Extent } from '../extent.js';
import {
  decodeL1Entry,
  decodeL2Entry,
  l2Entries,
  storedLength,
  SUBCLUSTERS,
  TABLE_ENTRY_SIZE,
  type EntryGeometry,
} from './qcow2-cluster-entry.js';
import { ClusterSource, type Qcow2ReadStats, type ReadRange } from './qcow2-cluster-source.js';
import { endOfFileError, Qcow2Error } from './qcow2-error.js';
import { DEFAULT_MAX_RUN, ExtentBuilder } from './qcow2-extent-builder.js';
import { checkQcow2Header } from './qcow2-header-checks.js';
import { decodeQcow2Header, isQcow2, QCOW2_V2_HEADER_SIZE, type Qcow2Header } from './qcow2-header.js';
import { DEFAULT_QCOW2_LIMITS, type Qcow2Limits } from './qcow2-limits.js';
import { ForwardReader } from './forward-reader.js';
import { StreamCapture } from './qcow2-stream-capture.js';
import { byteFields, type ByteFields } from '../binary/byte-fields.js';

/** Default cap of out-of-order bytes held in memory. */
export const DEFAULT_MAX_BUFFER_BYTES = 64 * 2 ** 20;

/** Options of {@link openQcow2}. */
export interface OpenQcow2Options {
  /**
   * Random access to the qcow2 FILE's bytes (e.g. HTTP Range), used only for ranges the stream
   * has passed and the buffer could not hold. May return fewer bytes at the end of the file.
   */
  readonly readRange?: ReadRange;
  /** Cap of bytes held for out-of-order clusters and L2 tables. Default 64 MiB. */
  readonly maxBufferBytes?: number;
  /** Size of the target: a larger virtual size fails with TARGET_TOO_SMALL before any extent. */
  readonly maxVirtualSize?: number;
  /** Bomb limits; defaults in {@link DEFAULT_QCOW2_LIMITS}. */
  readonly limits?: Partial<Qcow2Limits>;
}

/** An opened qcow2 image. */
export interface Qcow2Image {
  readonly header: Qcow2Header;
  /** Oddities accepted (e.g. the dirty bit), as sentences for the report. */
  readonly warnings: readonly string[];
  /** The raw disk, [0, virtual size), in guest order. Iterate once. */
  readonly extents: AsyncIterable<Extent>;
  /** Buffer peak and range reads, complete once `extents` is done. */
  readonly stats: Readonly<Qcow2ReadStats>;
}

export { decodeQcow2Header, isQcow2 };
export type { Qcow2Header, ReadRange, Qcow2ReadStats };

/**
 * Opens the qcow2 stream: reads and checks the header and the L1 table (refusing backing files,
 * external data, encryption, unknown incompatible features, bombs, and a virtual size above
 * `maxVirtualSize`), and returns the extents to iterate.
 */
export async function openQcow2(
  input: AsyncIterable<Uint8Array>,
  options: OpenQcow2Options = {},
): Promise<Qcow2Image> {
  const reader = new ForwardReader(input);
  try {
    const header = decodeQcow2Header(await readHeaderCluster(reader));
    const warnings = checkQcow2Header(
      header,
      { ...DEFAULT_QCOW2_LIMITS, ...options.limits },
      options.maxVirtualSize,
    );
    const l1Hosts = await readL1(reader, header);
    const source = new ClusterSource(
      {
        geometry: header,
        clusterSize: header.clusterSize,
        virtualSize: header.virtualSize,
        compressionType: header.compressionType,
        l1Hosts,
        maxBufferBytes: options.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES,
        readRange: options.readRange,
      },
      (onCapture) => new StreamCapture(reader, onCapture, recentWindow(header.clusterSize)),
    );
    return { header, warnings, extents: emitExtents(reader, source, header, l1Hosts), stats: source.stats };
  } catch (error) {
    await reader.close();
    throw error;
  }
}

/**
 * How much of the passed stream stays reachable: qemu's compressed clusters can sit up to a
 * cluster (plus refcount blocks) before the L2 table that maps them.
 */
function recentWindow(clusterSize: number): number {
  return Math.max(4 * clusterSize, 256 * 1024);
}

/** The first cluster: header, extensions and backing file name live there. */
async function readHeaderCluster(reader: ForwardReader): Promise<Uint8Array> {
  const head = await reader.read(QCOW2_V2_HEADER_SIZE);
  const clusterBits = head.length >= 24 ? byteFields(head).u32be(20) : 0;
  if (!isQcow2(head) || head.length < QCOW2_V2_HEADER_SIZE || clusterBits < 9 || clusterBits > 21)
    decodeQcow2Header(head);
  const rest = await reader.read(2 ** clusterBits - head.length);
  const cluster = new Uint8Array(head.length + rest.length);
  cluster.set(head);
  cluster.set(rest, head.length);
  return cluster;
}

/** Host offsets of the L2 tables of the L1 entries the virtual size uses (0 = unallocated). */
async function readL1(reader: ForwardReader, header: Qcow2Header): Promise<Float64Array> {
  const count = Math.ceil(header.virtualSize / (header.clusterSize * l2Entries(header)));
  if (count === 0) return new Float64Array(0);
  const length = count * TABLE_ENTRY_SIZE;
  const where = header.l1TableOffset;
  const bytes = (await reader.skipTo(where)) ? await reader.read(length) : new Uint8Array(0);
  if (bytes.length < length)
    throw endOfFileError('L1 table', where, length, reader.position, header.clusterSize);
  const view = byteFields(bytes);
  const hosts = new Float64Array(count);
  for (let i = 0; i < count; i++) hosts[i] = decodeL1Entry(view, i, header, where);
  checkL2Placement(hosts, header);
  return hosts;
}

/** Two L1 entries sharing a table, or a table inside the L1 table, mean a broken image. */
function checkL2Placement(hosts: Float64Array, header: Qcow2Header): void {
  const sorted = hosts.filter((h) => h !== 0).sort();
  const l1End = header.l1TableOffset + header.l1Size * TABLE_ENTRY_SIZE;
  for (let i = 0; i < sorted.length; i++) {
    const host = sorted[i]!;
    const problem =
      i > 0 && sorted[i - 1] === host
        ? 'is shared by two L1 entries'
        : host + header.clusterSize > header.l1TableOffset && host < l1End
          ? 'overlaps the L1 table'
          : undefined;
    if (problem !== undefined) {
      throw new Qcow2Error('QCOW2_INVALID', `qcow2 L2 table at offset ${host} ${problem}`, {
        offset: host,
        field: 'L1 entry',
      });
    }
  }
}

async function* emitExtents(
  reader: ForwardReader,
  source: ClusterSource,
  header: Qcow2Header,
  l1Hosts: Float64Array,
): AsyncGenerator<Extent> {
  const { clusterSize, virtualSize } = header;
  // A cluster is never split across runs, so a run holds at least one (2 MiB clusters exist).
  const builder = new ExtentBuilder(Math.max(DEFAULT_MAX_RUN, clusterSize));
  const span = clusterSize * l2Entries(header);
  try {
    for (let l1 = 0; l1 < l1Hosts.length; l1++) {
      const start = l1 * span;
      const end = Math.min(start + span, virtualSize);
      if (l1Hosts[l1] === 0) {
        yield* builder.hole(end - start);
        continue;
      }
      yield* emitTable(
        source,
        await source.table(l1),
        { start, end, tableHost: l1Hosts[l1]!, header },
        builder,
      );
      source.releaseTable(l1);
    }
    yield* builder.finish();
    await reader.drain();
  } finally {
    await reader.close();
  }
}

async function* emitTable(
  source: ClusterSource,
  table: ByteFields,
  where: { start: number; end: number; tableHost: number; header: EntryGeometry & { clusterSize: number } },
  builder: ExtentBuilder,
): AsyncGenerator<Extent> {
  const { clusterSize, clusterBits } = where.header;
  const entries = Math.ceil((where.end - where.start) / clusterSize);
  for (let i = 0; i < entries; i++) {
    const length = Math.min(clusterSize, where.end - (where.start + i * clusterSize));
    const mapping = decodeL2Entry(table, i, where.header, where.tableHost);
    if (mapping.kind === 'standard' || mapping.kind === 'compressed') {
      const { slot, ready } = builder.slot(length);
      yield* ready;
      if (mapping.kind === 'compressed') {
        await source.cluster(i, mapping.host, mapping.length, true, slot);
      } else {
        const stored = storedLength(mapping, length, clusterBits);
        await source.cluster(i, mapping.host, stored, false, slot.subarray(0, stored));
        if (mapping.subclusters !== undefined) {
          zeroSubclusters(slot, mapping.subclusters, stored, clusterSize / SUBCLUSTERS);
        }
      }
    } else {
      yield* builder.hole(length);
    }
  }
}

/**
 * Extended L2: subclusters without data read as zeros whatever the file holds, and so does the
 * part of the cluster after `stored` (never read).
 */
function zeroSubclusters(slot: Uint8Array, dataMask: number, stored: number, subclusterSize: number): void {
  const end = (at: number) => Math.min(at, slot.length);
  slot.fill(0, end(stored));
  for (let i = 0; i < SUBCLUSTERS && i * subclusterSize < stored; i++) {
    if (((dataMask >>> i) & 1) === 0) slot.fill(0, end(i * subclusterSize), end((i + 1) * subclusterSize));
  }
}
