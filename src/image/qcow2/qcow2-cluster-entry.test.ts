import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isOrchError } from '../../core/errors/index.js';
import { byteFields, type ByteFields } from '../binary/byte-fields.js';
import { decodeL1Entry, decodeL2Entry } from './qcow2-cluster-entry.js';

const V3_64K = { clusterBits: 16, version: 3, extendedL2: false };
const EXTENDED = { clusterBits: 16, version: 3, extendedL2: true };

function table(...entries: bigint[]): ByteFields {
  const fields = byteFields(new Uint8Array(entries.length * 8));
  entries.forEach((e, i) => fields.setU64be(i * 8, e));
  return fields;
}

describe('decodeL2Entry', () => {
  test('standard, unallocated and zero clusters; the COPIED bit is ignored', () => {
    const view = table((1n << 63n) | 0x30000n, 0n, 1n, 0x50000n | 1n);
    assert.deepEqual(decodeL2Entry(view, 0, V3_64K, 0), { kind: 'standard', host: 0x30000 });
    assert.deepEqual(decodeL2Entry(view, 1, V3_64K, 0), { kind: 'unallocated' });
    assert.deepEqual(decodeL2Entry(view, 2, V3_64K, 0), { kind: 'zero' });
    assert.deepEqual(
      decodeL2Entry(view, 3, V3_64K, 0),
      { kind: 'zero' },
      'a preallocated zero cluster reads as zeros',
    );
  });

  test('host offsets above 4 GiB keep their upper bits', () => {
    const view = table(0x12_3456_0000n);
    assert.deepEqual(decodeL2Entry(view, 0, V3_64K, 0), { kind: 'standard', host: 0x12_3456_0000 });
  });

  test('a compressed descriptor gives the byte offset and the stored length up to the sector end', () => {
    // 64 KiB clusters: x = 62 - (16 - 8) = 54; 2 additional sectors; offset 0x10123 (291 bytes into a sector).
    const view = table((1n << 62n) | (2n << 54n) | 0x10123n);
    assert.deepEqual(decodeL2Entry(view, 0, V3_64K, 0), {
      kind: 'compressed',
      host: 0x10123,
      length: 3 * 512 - 0x123,
    });
  });

  test('refuses unaligned hosts, hosts in the header, and the zero flag in version 2', () => {
    const bad = table(0x30200n, 0x200n, 1n);
    const check = (index: number, geometry: typeof V3_64K, message: RegExp) =>
      assert.throws(
        () => decodeL2Entry(bad, index, geometry, 4096),
        (e) => isOrchError(e, 'QCOW2_INVALID') && message.test(e.message),
      );
    check(0, V3_64K, /L2 entry at offset 4096 points to 197120, which is not cluster-aligned/);
    check(1, V3_64K, /overlaps the header/);
    check(
      2,
      { clusterBits: 16, version: 2, extendedL2: false },
      /version 2 L2 entry at offset 4112 sets the zero flag/,
    );
  });
});

describe('decodeL2Entry with extended L2 (16-byte entries, subcluster bitmaps)', () => {
  // Entry pairs: descriptor, then bitmap (high half: reads as zero, low half: allocated).
  const view = table(
    0x30000n,
    0xffffffffn,
    0x40000n,
    0x0000000fn,
    0x50000n,
    (0x3n << 32n) | 0xfn,
    0n,
    0xffn << 32n,
    0n,
    0n,
    0x60000n,
    0n,
    (1n << 62n) | 0x70000n,
    0n,
  );
  test('fully allocated, partly allocated, partly zero, zero-only, unallocated, no subcluster data, compressed', () => {
    assert.deepEqual(decodeL2Entry(view, 0, EXTENDED, 0), { kind: 'standard', host: 0x30000 });
    assert.deepEqual(decodeL2Entry(view, 1, EXTENDED, 0), {
      kind: 'standard',
      host: 0x40000,
      subclusters: 0xf,
    });
    assert.deepEqual(decodeL2Entry(view, 2, EXTENDED, 0), {
      kind: 'standard',
      host: 0x50000,
      subclusters: 0xc,
    });
    assert.deepEqual(decodeL2Entry(view, 3, EXTENDED, 0), { kind: 'zero' });
    assert.deepEqual(decodeL2Entry(view, 4, EXTENDED, 0), { kind: 'unallocated' });
    assert.deepEqual(decodeL2Entry(view, 5, EXTENDED, 0), { kind: 'zero' });
    assert.equal(decodeL2Entry(view, 6, EXTENDED, 0).kind, 'compressed');
  });

  test('allocated subclusters without a host cluster are QCOW2_INVALID', () => {
    const bad = table(0n, 1n);
    assert.throws(
      () => decodeL2Entry(bad, 0, EXTENDED, 4096),
      (e) => isOrchError(e, 'QCOW2_INVALID') && /allocated without a host cluster/.test(e.message),
    );
  });
});

describe('decodeL1Entry', () => {
  test('gives the L2 table offset, 0 when unallocated, and refuses unaligned offsets', () => {
    const view = table((1n << 63n) | 0x40000n, 0n, 0x40200n);
    assert.equal(decodeL1Entry(view, 0, V3_64K, 0), 0x40000);
    assert.equal(decodeL1Entry(view, 1, V3_64K, 0), 0);
    assert.throws(
      () => decodeL1Entry(view, 2, V3_64K, 0),
      (e) => isOrchError(e, 'QCOW2_INVALID'),
    );
  });
});
