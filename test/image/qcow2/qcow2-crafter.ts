/**
 * A small qcow2 v3 writer for tests: it places L2 tables and data clusters in layouts qemu-img
 * never writes (tables after their data, data in reverse guest order), and lets tests patch any
 * header field. The refcount table is present but empty: readers of the mapping ignore it.
 */

/** One guest cluster's content: bytes (cluster-sized), or the v3 zero flag. */
export type CraftedCluster = Uint8Array | 'zero';

export interface CraftOptions {
  readonly clusterBits: number;
  readonly virtualSize: number;
  /** Guest cluster index -> content; missing clusters are unallocated. */
  readonly clusters: ReadonlyMap<number, CraftedCluster>;
  /**
   * tables-first: header, refcount table, L1, every L2 table, then data in guest order.
   * data-first: data in guest order, then the L2 tables.
   * data-reversed: the L2 tables, then data in reverse guest order.
   */
  readonly layout: 'tables-first' | 'data-first' | 'data-reversed';
}

const HEADER_LENGTH = 112;

/** Builds the qcow2 file. */
export function craftQcow2(options: CraftOptions): Uint8Array {
  const clusterSize = 2 ** options.clusterBits;
  const entries = clusterSize / 8;
  const l1Size = Math.ceil(options.virtualSize / (clusterSize * entries));
  const l1Clusters = Math.max(1, Math.ceil((l1Size * 8) / clusterSize));
  const guestClusters = [...options.clusters.keys()].sort((a, b) => a - b);
  const tables = [...new Set(guestClusters.map((g) => Math.floor(g / entries)))];
  const data = guestClusters.filter((g) => options.clusters.get(g) !== 'zero');
  const ordered = options.layout === 'data-reversed' ? [...data].reverse() : data;

  let next = (2 + l1Clusters) * clusterSize;
  const tableHost = new Map<number, number>();
  const dataHost = new Map<number, number>();
  const placeTables = () => tables.forEach((t) => tableHost.set(t, (next += clusterSize) - clusterSize));
  const placeData = () => ordered.forEach((g) => dataHost.set(g, (next += clusterSize) - clusterSize));
  if (options.layout === 'data-first') {
    placeData();
    placeTables();
  } else {
    placeTables();
    placeData();
  }

  const file = new Uint8Array(next);
  const view = new DataView(file.buffer);
  writeHeader(view, options, l1Size);
  for (const [t, host] of tableHost) view.setBigUint64(2 * clusterSize + t * 8, BigInt(host) | (1n << 63n));
  for (const g of guestClusters) {
    const content = options.clusters.get(g)!;
    const entry = content === 'zero' ? 1n : BigInt(dataHost.get(g)!) | (1n << 63n);
    view.setBigUint64(tableHost.get(Math.floor(g / entries))! + (g % entries) * 8, entry);
    if (content !== 'zero') file.set(content.subarray(0, clusterSize), dataHost.get(g)!);
  }
  return file;
}

function writeHeader(view: DataView, options: CraftOptions, l1Size: number): void {
  const clusterSize = 2 ** options.clusterBits;
  view.setUint32(0, 0x514649fb);
  view.setUint32(4, 3);
  view.setUint32(20, options.clusterBits);
  view.setBigUint64(24, BigInt(options.virtualSize));
  view.setUint32(36, l1Size);
  view.setBigUint64(40, BigInt(2 * clusterSize));
  view.setBigUint64(48, BigInt(clusterSize));
  view.setUint32(56, 1);
  view.setUint32(96, 4);
  view.setUint32(100, HEADER_LENGTH);
}
