/**
 * The two kinds of want sources of the qcow2 reader: the L2 tables named by L1, and the data
 * clusters named by one L2 table, each in increasing host order.
 */
import { decodeL2Entry, storedLength, type EntryGeometry } from './qcow2-cluster-entry.js';
import type { Want, WantSource } from './qcow2-stream-capture.js';
import { type ByteFields } from '../binary/byte-fields.js';

/** Decides whether a want is captured (buffer cap, already emitted...). */
export type WantFilter = (want: Want) => boolean;

/** Indices of `hosts` with a non-zero value, sorted by host offset. */
function sortedByHost(hosts: Float64Array, count: number): Uint32Array {
  const order: number[] = [];
  let sorted = true;
  for (let i = 0; i < count; i++) {
    if (hosts[i] === 0) continue;
    if (order.length > 0 && hosts[order[order.length - 1]!]! > hosts[i]!) sorted = false;
    order.push(i);
  }
  if (!sorted) order.sort((a, b) => hosts[a]! - hosts[b]!);
  return Uint32Array.from(order);
}

/** Yields the L2 tables of the L1 entries `[0, count)` (host offsets in `l1Hosts`, 0 = none). */
export class L2TableWants implements WantSource {
  readonly #hosts: Float64Array;
  readonly #order: Uint32Array;
  readonly #clusterSize: number;
  readonly #filter: WantFilter;
  #next = 0;

  constructor(l1Hosts: Float64Array, count: number, clusterSize: number, filter: WantFilter) {
    this.#hosts = l1Hosts;
    this.#order = sortedByHost(l1Hosts, count);
    this.#clusterSize = clusterSize;
    this.#filter = filter;
  }

  /** L1 indices of allocated tables in host order (for duplicate checks). */
  get order(): Uint32Array {
    return this.#order;
  }

  peekHost(): number {
    return this.#next < this.#order.length
      ? this.#hosts[this.#order[this.#next]!]!
      : Number.POSITIVE_INFINITY;
  }

  take(): Want | undefined {
    const l1Index = this.#order[this.#next++];
    if (l1Index === undefined) return undefined;
    const host = this.#hosts[l1Index]!;
    const want: Want = {
      kind: 'table',
      host,
      length: this.#clusterSize,
      compressed: false,
      l1Index,
      l2Index: -1,
    };
    return this.#filter(want) ? want : undefined;
  }
}

/** Yields the data clusters (standard and compressed) mapped by one L2 table. */
export class L2DataWants implements WantSource {
  readonly #hosts: Float64Array;
  readonly #lengths: Float64Array;
  readonly #compressed: Uint8Array;
  readonly #order: Uint32Array;
  readonly #l1Index: number;
  readonly #filter: WantFilter;
  #next = 0;

  /**
   * @param entries number of entries of this table inside the virtual size
   * @param lastLength bytes of the final guest cluster in use when it is cut by the virtual size
   */
  constructor(
    table: ByteFields,
    entries: number,
    geometry: EntryGeometry,
    where: { l1Index: number; tableHost: number; lastLength: number },
    filter: WantFilter,
  ) {
    const clusterSize = 2 ** geometry.clusterBits;
    this.#hosts = new Float64Array(entries);
    this.#lengths = new Float64Array(entries);
    this.#compressed = new Uint8Array(entries);
    for (let i = 0; i < entries; i++) {
      const mapping = decodeL2Entry(table, i, geometry, where.tableHost);
      if (mapping.kind === 'standard') {
        this.#hosts[i] = mapping.host;
        const guestLength = i === entries - 1 ? where.lastLength : clusterSize;
        this.#lengths[i] = storedLength(mapping, guestLength, geometry.clusterBits);
      } else if (mapping.kind === 'compressed') {
        this.#hosts[i] = mapping.host;
        this.#lengths[i] = mapping.length;
        this.#compressed[i] = 1;
      }
    }
    this.#order = sortedByHost(this.#hosts, entries);
    this.#l1Index = where.l1Index;
    this.#filter = filter;
  }

  /** Bytes this index holds, for the buffer accounting. */
  get byteCost(): number {
    return this.#hosts.byteLength * 2 + this.#compressed.byteLength + this.#order.byteLength;
  }

  peekHost(): number {
    return this.#next < this.#order.length
      ? this.#hosts[this.#order[this.#next]!]!
      : Number.POSITIVE_INFINITY;
  }

  take(): Want | undefined {
    const l2Index = this.#order[this.#next++];
    if (l2Index === undefined) return undefined;
    const want: Want = {
      kind: 'data',
      host: this.#hosts[l2Index]!,
      length: this.#lengths[l2Index]!,
      compressed: this.#compressed[l2Index] === 1,
      l1Index: this.#l1Index,
      l2Index,
    };
    return this.#filter(want) ? want : undefined;
  }
}
