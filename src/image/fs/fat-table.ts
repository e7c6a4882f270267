/**
 * FAT (file allocation table) cluster chains for FAT12, FAT16 and FAT32. fatgen103 section 4.
 * @module
 */
import type { FatGeometry } from './fat-boot-sector.js';
import { corrupt } from './fs-error.js';
import { byteFields } from '../binary/byte-fields.js';

/** Entries at or above these values end a chain (fatgen103: EOC >= 0xFF8 / 0xFFF8 / 0x0FFFFFF8). */
const END_OF_CHAIN = { 12: 0xff8, 16: 0xfff8, 32: 0x0ffffff8 } as const;
const FAT32_ENTRY_MASK = 0x0fffffff;
const FIRST_DATA_CLUSTER = 2;

/** Value of FAT entry `cluster` in the table bytes. */
export function fatEntry(table: Uint8Array, fatType: 12 | 16 | 32, cluster: number): number {
  const view = byteFields(table);
  if (fatType === 32) return view.u32le(cluster * 4) & FAT32_ENTRY_MASK;
  if (fatType === 16) return view.u16le(cluster * 2);
  // FAT12 packs two entries in three bytes: even entries take the low 12 bits of the pair.
  const pair = view.u16le(cluster + (cluster >> 1));
  return cluster & 1 ? pair >> 4 : pair & 0xfff;
}

/**
 * The clusters of a chain from `first`, in order. CORRUPT_DATA on a free, reserved, bad or
 * out-of-range entry, or a chain longer than the volume (a loop).
 */
export function clusterChain(table: Uint8Array, geometry: FatGeometry, first: number): number[] {
  const { fatType, clusterCount } = geometry;
  const lastCluster = clusterCount + 1;
  const chain: number[] = [];
  let cluster = first;
  for (;;) {
    if (cluster < FIRST_DATA_CLUSTER || cluster > lastCluster) {
      throw corrupt('vfat', `cluster chain from ${first} reaches invalid cluster ${cluster}`, {
        field: 'FAT entry',
        expected: `2..${lastCluster}`,
        actual: String(cluster),
      });
    }
    if (chain.length >= clusterCount) {
      throw corrupt('vfat', `cluster chain from ${first} is longer than the volume (a loop)`, {
        field: 'FAT entry',
      });
    }
    chain.push(cluster);
    const next = fatEntry(table, fatType, cluster);
    if (next >= END_OF_CHAIN[fatType]) return chain;
    cluster = next;
  }
}

/** Merges a chain into runs of consecutive clusters: `[firstCluster, count]` pairs. */
export function clusterRuns(chain: readonly number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const cluster of chain) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[0] + last[1] === cluster) last[1]++;
    else runs.push([cluster, 1]);
  }
  return runs;
}
