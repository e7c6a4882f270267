/**
 * Delivers L2 tables and cluster bytes of a qcow2 file in guest order, from a forward-only
 * stream: from the bounded buffer of ranges captured as they passed, by pulling the stream
 * forward, or, for ranges already passed and not buffered, through `readRange`.
 */
import { OrchError } from '../../core/errors/index.js';
import { l2Entries, type EntryGeometry } from './qcow2-cluster-entry.js';
import { inflateCluster } from './qcow2-cluster-inflate.js';
import { endOfFileError, Qcow2Error } from './qcow2-error.js';
import type { Qcow2CompressionType } from './qcow2-header.js';
import type { StreamCapture, Want } from './qcow2-stream-capture.js';
import { L2DataWants, L2TableWants } from './qcow2-want-sources.js';
import { byteFields, type ByteFields } from '../binary/byte-fields.js';

/** Random access to the qcow2 file's bytes; may return fewer bytes at the end of the file. */
export type ReadRange = (offset: number, length: number) => Promise<Uint8Array>;

/** What the reader did, for tests, logs and benchmarks. */
export interface Qcow2ReadStats {
  /** Most bytes held at once in captured-but-not-emitted ranges and loaded L2 tables. */
  peakBufferedBytes: number;
  /** Ranges fetched through `readRange`, and their bytes. */
  rangeReads: number;
  rangeBytes: number;
}

/** Fixed facts the source needs. */
export interface ClusterSourceConfig {
  readonly geometry: EntryGeometry;
  readonly clusterSize: number;
  readonly virtualSize: number;
  readonly compressionType: Qcow2CompressionType;
  /** Host offset of each L1 entry's L2 table (0 = unallocated), for the entries in use. */
  readonly l1Hosts: Float64Array;
  readonly maxBufferBytes: number;
  readonly readRange: ReadRange | undefined;
}

interface Captured {
  readonly bytes: Uint8Array;
  readonly cutByEof: boolean;
}

interface LoadedTable {
  readonly view: ByteFields;
  readonly cost: number;
}

/** See the module comment. One instance serves one pass over one file. */
export class ClusterSource {
  readonly #config: ClusterSourceConfig;
  readonly #capture: StreamCapture;
  readonly #tables = new Map<number, LoadedTable>();
  readonly #data = new Map<number, Captured>();
  readonly stats: Qcow2ReadStats = { peakBufferedBytes: 0, rangeReads: 0, rangeBytes: 0 };
  #buffered = 0;
  /** Emission point: guest clusters before it are done. */
  #l1 = 0;
  #l2 = 0;
  /** The range being pulled for right now, captured whatever the cap. */
  #target: { host: number; limit: number } | undefined;

  constructor(
    config: ClusterSourceConfig,
    capture: (onCapture: (want: Want, bytes: Uint8Array, cut: boolean) => void) => StreamCapture,
  ) {
    this.#config = config;
    this.#capture = capture((want, bytes, cut) => this.#onCapture(want, bytes, cut));
    this.#capture.addSource(
      new L2TableWants(config.l1Hosts, config.l1Hosts.length, config.clusterSize, (w) => this.#accept(w)),
    );
  }

  /** The L2 table of L1 entry `l1Index` (which must be allocated); guest order from here on. */
  async table(l1Index: number): Promise<ByteFields> {
    this.#l1 = l1Index;
    this.#l2 = 0;
    const host = this.#config.l1Hosts[l1Index]!;
    if (!this.#tables.has(l1Index)) {
      const want: Want = {
        kind: 'table',
        host,
        length: this.#config.clusterSize,
        compressed: false,
        l1Index,
        l2Index: -1,
      };
      if (this.#capture.reachable(host))
        await this.#pull(want, () => this.#tables.has(l1Index), `L2 table of L1 entry ${l1Index}`);
      else this.#load(want, await this.#readRange(want, `L2 table of L1 entry ${l1Index}`));
    }
    return this.#tables.get(l1Index)!.view;
  }

  /** Frees the L2 table of `l1Index` once all its clusters are emitted. */
  releaseTable(l1Index: number): void {
    const table = this.#tables.get(l1Index);
    if (table === undefined) return;
    this.#tables.delete(l1Index);
    this.#buffered -= table.cost;
  }

  /**
   * Writes the guest bytes of cluster `l2Index` of the current table into `into` (the guest
   * length of the cluster): from a standard cluster at `host`, or inflated from a compressed one
   * stored in up to `stored` bytes at `host`.
   */
  async cluster(
    l2Index: number,
    host: number,
    stored: number,
    compressed: boolean,
    into: Uint8Array,
  ): Promise<void> {
    this.#l2 = l2Index;
    const length = compressed ? stored : into.length;
    const want: Want = { kind: 'data', host, length, compressed, l1Index: this.#l1, l2Index };
    const what = `data cluster of guest offset ${this.#guestOffset(l2Index)}`;
    let captured = this.#takeData(host);
    if (captured === undefined && this.#capture.reachable(host)) {
      await this.#pull(want, () => this.#data.has(host), what, compressed ? undefined : into);
      captured = this.#takeData(host) ?? { bytes: new Uint8Array(0), cutByEof: true };
    }
    if (captured === undefined) {
      const bytes = await this.#readRange(want, what);
      captured = { bytes, cutByEof: bytes.length < length };
    }
    const bytes = compressed
      ? inflateCluster(captured.bytes, this.#config.compressionType, this.#config.clusterSize, {
          host,
          cutByEof: captured.cutByEof,
        })
      : captured.bytes;
    if (bytes.length < into.length) {
      // Only a host range mapped twice with different sizes gets here; never emit unwritten bytes.
      throw new Qcow2Error(
        'QCOW2_INVALID',
        `qcow2 ${what} at offset ${host} is mapped twice with different sizes`,
        {
          offset: host,
          field: 'L2 entry',
          expected: into.length,
          actual: bytes.length,
        },
      );
    }
    if (bytes !== into) into.set(bytes.subarray(0, into.length));
  }

  #guestOffset(l2Index: number): number {
    const entries = l2Entries(this.#config.geometry);
    return (this.#l1 * entries + l2Index) * this.#config.clusterSize;
  }

  async #pull(want: Want, done: () => boolean, what: string, into?: Uint8Array): Promise<void> {
    // The target is captured whatever the cap; wants starting inside its range get a few clusters
    // of slack, since a compressed cluster's last sector is shared with the next one's data.
    this.#target = { host: want.host, limit: want.host + want.length };
    try {
      const limit = Math.max(want.host + want.length, this.#capture.position + 1);
      const complete = await this.#capture.advance(limit, done, want, into);
      if (!complete && !want.compressed)
        throw endOfFileError(what, want.host, want.length, this.#capture.position, this.#config.clusterSize);
    } finally {
      this.#target = undefined;
    }
  }

  #takeData(host: number): Captured | undefined {
    const captured = this.#data.get(host);
    if (captured !== undefined) {
      this.#data.delete(host);
      this.#buffered -= captured.bytes.byteLength;
    }
    return captured;
  }

  /** Whether a want passing in the stream is kept: still ahead of emission, and within the cap. */
  #accept(want: Want): boolean {
    if (want.kind === 'table') {
      if (want.l1Index < this.#l1 || this.#tables.has(want.l1Index)) return false;
    } else if (
      want.l1Index < this.#l1 ||
      (want.l1Index === this.#l1 && want.l2Index < this.#l2) ||
      this.#data.has(want.host)
    ) {
      return false;
    }
    const target = this.#target;
    if (target !== undefined && want.host === target.host) return true;
    const inWindow = target !== undefined && want.host > target.host && want.host < target.limit;
    const slack = inWindow ? 4 * this.#config.clusterSize : 0;
    const held = this.#buffered + this.#capture.activeBytes + want.length;
    if (held > this.#config.maxBufferBytes + slack) return false;
    this.#notePeak(held);
    return true;
  }

  #onCapture(want: Want, bytes: Uint8Array, cutByEof: boolean): void {
    if (want.kind === 'table') {
      if (want.l1Index >= this.#l1 && !this.#tables.has(want.l1Index)) this.#load(want, bytes);
      return;
    }
    if (this.#data.has(want.host)) return;
    this.#data.set(want.host, { bytes, cutByEof });
    this.#grow(bytes.byteLength);
  }

  /** Keeps an L2 table and starts watching the stream for the clusters it maps. */
  #load(want: Want, bytes: Uint8Array): void {
    const { clusterSize, virtualSize } = this.#config;
    const entriesPerTable = l2Entries(this.#config.geometry);
    const tableStart = want.l1Index * entriesPerTable * clusterSize;
    const entries = Math.min(entriesPerTable, Math.ceil((virtualSize - tableStart) / clusterSize));
    const lastLength = Math.min(clusterSize, virtualSize - (tableStart + (entries - 1) * clusterSize));
    const view = byteFields(bytes);
    const where = { l1Index: want.l1Index, tableHost: want.host, lastLength };
    const wants = new L2DataWants(view, entries, this.#config.geometry, where, (w) => this.#accept(w));
    const cost = bytes.byteLength + wants.byteCost;
    this.#tables.set(want.l1Index, { view, cost });
    this.#grow(cost);
    this.#capture.addSource(wants);
  }

  #grow(bytes: number): void {
    this.#buffered += bytes;
    this.#notePeak(this.#buffered + this.#capture.activeBytes);
  }

  #notePeak(held: number): void {
    if (held > this.stats.peakBufferedBytes) this.stats.peakBufferedBytes = held;
  }

  async #readRange(want: Want, what: string): Promise<Uint8Array> {
    const read = this.#config.readRange;
    if (read === undefined) {
      throw new OrchError(
        'RANGE_UNSUPPORTED',
        `qcow2 ${what} lies at file offset ${want.host}, which the stream has already passed (stream at ${this.#capture.position}): ` +
          `the image maps data before its tables or out of order beyond the buffer cap of ${this.#config.maxBufferBytes} bytes, and random access (HTTP Range) is not available`,
        {
          details: {
            format: 'qcow2',
            offset: want.host,
            length: want.length,
            streamPosition: this.#capture.position,
          },
        },
      );
    }
    const answer = await read(want.host, want.length);
    const bytes = answer.byteLength > want.length ? answer.subarray(0, want.length) : answer;
    this.stats.rangeReads++;
    this.stats.rangeBytes += bytes.byteLength;
    if (bytes.byteLength < want.length && !want.compressed)
      throw endOfFileError(
        what,
        want.host,
        want.length,
        want.host + bytes.byteLength,
        this.#config.clusterSize,
      );
    return bytes;
  }
}
