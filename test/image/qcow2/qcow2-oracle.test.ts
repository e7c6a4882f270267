/**
 * qcow2 -> raw against the oracle: for every qemu-img-made fixture, the extents written to a raw
 * buffer are byte-identical to `qemu-img convert -O raw` of the same file.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openQcow2 } from '../../../src/image/qcow2/open-qcow2.js';
import { decodeL1Entry, decodeL2Entry, l2Entries } from '../../../src/image/qcow2/qcow2-cluster-entry.js';
import { decodeQcow2Header } from '../../../src/image/qcow2/qcow2-header.js';
import {
  chunked,
  collectRaw,
  fileRange,
  makeRawImage,
  oracleSha256,
  qemuImg,
  qemuIo,
  sha256,
} from './qcow2-test-support.js';
import { byteFields } from '../../../src/image/binary/byte-fields.js';

interface Fixture {
  readonly name: string;
  readonly args: string[];
  /**
   * The layout maps data placed before its (copied-on-write) L2 table, so a single pass cannot
   * see it in time: the test supplies readRange and expects it to be used.
   */
  readonly needsRange?: boolean;
  /** Internal snapshot taken after conversion, before the qemu-io commands. */
  readonly snapshot?: boolean;
  /** qemu-io commands run on the converted file. */
  readonly io?: string[];
  readonly expect: { version: number; clusterSize: number; compression?: 'zlib' | 'zstd' };
  /** What the L2 tables must contain, so each fixture proves it exercises its feature. */
  readonly has?: 'compressed' | 'zero' | 'partial';
}

const FIXTURES: Fixture[] = [
  { name: 'v2, 64 KiB clusters', args: ['-o', 'compat=0.10'], expect: { version: 2, clusterSize: 65536 } },
  { name: 'v3, 64 KiB clusters', args: ['-o', 'compat=1.1'], expect: { version: 3, clusterSize: 65536 } },
  {
    name: 'v2, 512 B clusters',
    args: ['-o', 'compat=0.10,cluster_size=512'],
    expect: { version: 2, clusterSize: 512 },
  },
  {
    name: 'v3, 512 B clusters',
    args: ['-o', 'compat=1.1,cluster_size=512'],
    expect: { version: 3, clusterSize: 512 },
  },
  {
    name: 'v3, 4 KiB clusters',
    args: ['-o', 'compat=1.1,cluster_size=4096'],
    expect: { version: 3, clusterSize: 4096 },
  },
  {
    name: 'v3, 2 MiB clusters',
    args: ['-o', 'compat=1.1,cluster_size=2M'],
    expect: { version: 3, clusterSize: 2 ** 21 },
  },
  {
    name: 'v2, zlib-compressed, 64 KiB',
    args: ['-c', '-o', 'compat=0.10'],
    expect: { version: 2, clusterSize: 65536, compression: 'zlib' },
    has: 'compressed',
  },
  {
    name: 'v3, zlib-compressed, 4 KiB',
    args: ['-c', '-o', 'compat=1.1,cluster_size=4096'],
    expect: { version: 3, clusterSize: 4096, compression: 'zlib' },
    has: 'compressed',
  },
  {
    name: 'v3, zlib-compressed, 2 MiB',
    args: ['-c', '-o', 'compat=1.1,cluster_size=2M'],
    expect: { version: 3, clusterSize: 2 ** 21, compression: 'zlib' },
    has: 'compressed',
  },
  {
    name: 'v3, zstd-compressed, 64 KiB',
    args: ['-c', '-o', 'compat=1.1,compression_type=zstd'],
    expect: { version: 3, clusterSize: 65536, compression: 'zstd' },
    has: 'compressed',
  },
  {
    name: 'v3, zstd-compressed, 512 B',
    args: ['-c', '-o', 'compat=1.1,compression_type=zstd,cluster_size=512'],
    expect: { version: 3, clusterSize: 512, compression: 'zstd' },
    has: 'compressed',
  },
  {
    name: 'v3 with zero clusters (qemu-io write -z)',
    args: ['-o', 'compat=1.1'],
    io: ['write -z 0 1M', 'write -z 4M 192k'],
    expect: { version: 3, clusterSize: 65536 },
    has: 'zero',
  },
  {
    name: 'v3, extended L2 (subclusters), 64 KiB',
    args: ['-o', 'compat=1.1,extended_l2=on'],
    expect: { version: 3, clusterSize: 65536 },
  },
  {
    name: 'v3, extended L2 with partly allocated and zeroed subclusters (qemu-io)',
    args: ['-o', 'compat=1.1,extended_l2=on'],
    io: ['write -P 0x33 1028k 6k', 'write -z 0 4k', 'write -P 0x44 2M 2k'],
    expect: { version: 3, clusterSize: 65536 },
    has: 'partial',
  },
  {
    name: 'v3, extended L2, zstd-compressed, 32 KiB',
    args: ['-c', '-o', 'compat=1.1,extended_l2=on,cluster_size=32k,compression_type=zstd'],
    expect: { version: 3, clusterSize: 32768, compression: 'zstd' },
    has: 'compressed',
  },
  {
    name: 'v3, zstd-compressed, 2 MiB',
    args: ['-c', '-o', 'compat=1.1,compression_type=zstd,cluster_size=2M'],
    expect: { version: 3, clusterSize: 2 ** 21, compression: 'zstd' },
    has: 'compressed',
  },
  {
    name: 'v3 with an internal snapshot and later writes (reads the active state)',
    args: ['-o', 'compat=1.1'],
    snapshot: true,
    needsRange: true,
    io: ['write -P 0x11 0 128k', 'write -P 0x22 5M 64k', 'discard 3M 1M'],
    expect: { version: 3, clusterSize: 65536 },
  },
  {
    name: 'v3, preallocation=metadata (every table and cluster allocated up front)',
    args: ['-o', 'compat=1.1,preallocation=metadata'],
    expect: { version: 3, clusterSize: 65536 },
  },
];

/** Counts L2 entries of each kind (and partly allocated ones) by reading the tables directly. */
function countMappings(file: Uint8Array): Record<string, number> {
  const header = decodeQcow2Header(file.subarray(0, 65536));
  const counts: Record<string, number> = { standard: 0, compressed: 0, zero: 0, unallocated: 0, partial: 0 };
  const l1 = byteFields(file.subarray(header.l1TableOffset, header.l1TableOffset + header.l1Size * 8));
  for (let i = 0; i < header.l1Size; i++) {
    const host = decodeL1Entry(l1, i, header, header.l1TableOffset);
    if (host === 0) continue;
    const table = byteFields(file.subarray(host, host + header.clusterSize));
    for (let j = 0; j < l2Entries(header); j++) {
      const mapping = decodeL2Entry(table, j, header, host);
      counts[mapping.kind]!++;
      if (mapping.kind === 'standard' && mapping.subclusters !== undefined) counts.partial!++;
    }
  }
  return counts;
}

describe('qcow2 -> raw matches qemu-img convert -O raw', () => {
  let dir: string;
  let rawPath: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qcow2-oracle-'));
    rawPath = join(dir, 'source.raw');
    await writeFile(rawPath, makeRawImage(1));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  FIXTURES.forEach((fixture, index) => {
    test(fixture.name, async () => {
      const qcow2 = join(dir, `f${index}.qcow2`);
      qemuImg('convert', '-f', 'raw', '-O', 'qcow2', ...fixture.args, rawPath, qcow2);
      if (fixture.snapshot) qemuImg('snapshot', '-c', 'before', qcow2);
      for (const command of fixture.io ?? []) qemuIo(qcow2, command);
      const expected = await oracleSha256(qcow2, join(dir, `f${index}.raw`));
      const file = await readFile(qcow2);
      if (fixture.has)
        assert.ok(countMappings(file)[fixture.has]! > 0, `fixture has ${fixture.has} clusters`);

      const range = fixture.needsRange ? { readRange: fileRange(qcow2).read } : {};
      const image = await openQcow2(chunked(file, 100 + index), range);
      assert.equal(image.header.version, fixture.expect.version);
      assert.equal(image.header.clusterSize, fixture.expect.clusterSize);
      assert.equal(image.header.compressionType, fixture.expect.compression ?? 'zlib');
      const raw = await collectRaw(image.extents, image.header.virtualSize);
      assert.equal(sha256(raw), expected);
      if (fixture.needsRange) assert.ok(image.stats.rangeReads > 0, 'range reads were needed');
      else assert.equal(image.stats.rangeReads, 0, 'a qemu-img convert layout needs no range reads');
    });
  });
});
