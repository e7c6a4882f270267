import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FatGeometry } from './fat-boot-sector.js';
import { clusterChain, clusterRuns, fatEntry } from './fat-table.js';

const geometry = (fatType: 12 | 16 | 32, clusterCount: number): FatGeometry =>
  ({ fatType, clusterCount }) as FatGeometry;

describe('FAT tables', () => {
  it('unpacks FAT12 entries two per three bytes', () => {
    // entries 2 = 0x003, 3 = 0xFFF packed into bytes 3..5
    const table = new Uint8Array([0xf8, 0xff, 0xff, 0x03, 0xf0, 0xff]);
    assert.equal(fatEntry(table, 12, 2), 0x003);
    assert.equal(fatEntry(table, 12, 3), 0xfff);
    assert.deepEqual(clusterChain(table, geometry(12, 10), 2), [2, 3]);
  });

  it('masks the top four bits of FAT32 entries and merges runs', () => {
    const table = new Uint8Array(4 * 8);
    const view = new DataView(table.buffer);
    view.setUint32(2 * 4, 0xf0000003, true);
    view.setUint32(3 * 4, 5, true);
    view.setUint32(5 * 4, 0x0fffffff, true);
    assert.deepEqual(clusterChain(table, geometry(32, 6), 2), [2, 3, 5]);
    assert.deepEqual(clusterRuns([2, 3, 5, 6, 7, 9]), [
      [2, 2],
      [5, 3],
      [9, 1],
    ]);
  });

  it('refuses free entries inside a chain and loops', () => {
    const free = new Uint8Array(2 * 6);
    assert.throws(() => clusterChain(free, geometry(16, 4), 2), /reaches invalid cluster 0/);
    const loop = new Uint8Array(2 * 6);
    new DataView(loop.buffer).setUint16(4, 3, true);
    new DataView(loop.buffer).setUint16(6, 2, true);
    assert.throws(() => clusterChain(loop, geometry(16, 4), 2), /longer than the volume \(a loop\)/);
  });
});
