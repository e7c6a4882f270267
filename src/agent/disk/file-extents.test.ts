import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { systemToolRunner, type ToolRunner } from '../tools/tool-runner.js';
import { fileExtents, overlapsData, parseFilefrag } from './file-extents.js';

// What filefrag 1.47 printed for a 1 GiB sparse file with data at 4,096,000 (4 KiB) and 100 MiB
// (3 MiB), before and after the data reached the disk.
const DELALLOC = `Filesystem type is: ef53
File size of f.img is 1073741824 (1073741824 blocks of 1 bytes)
 ext:     logical_offset:        physical_offset: length:   expected: flags:
   0:  4096000.. 4100095:          0..         0:      0:             unknown_loc,delalloc
   1: 104857600..108003327:          0..         0:      0:             last,unknown_loc,delalloc
f.img: 2 extents found
`;
const WRITTEN = `Filesystem type is: ef53
File size of f.img is 1073741824 (1073741824 blocks of 1 bytes)
 ext:     logical_offset:        physical_offset: length:   expected: flags:
   0:  4096000.. 4100095: 33860517888..33860521983:   4096:    4096000:
   1: 104857600..108003327: 33869004800..33872150527: 3145728: 33961279488: last
f.img: 2 extents found
`;

test('filefrag -e -b1 output: inclusive logical ranges become [start, end), allocated or not', () => {
  const expected = [
    { start: 4_096_000, end: 4_100_096 },
    { start: 104_857_600, end: 108_003_328 },
  ];
  assert.deepEqual(parseFilefrag(DELALLOC), expected);
  assert.deepEqual(parseFilefrag(WRITTEN), expected);
  assert.deepEqual(parseFilefrag('f.img: 0 extents found\n'), [], 'all holes');
  assert.equal(parseFilefrag('filefrag: Operation not supported\n'), undefined);
  assert.equal(parseFilefrag(''), undefined);
});

test('overlap: a chunk touching any byte of an extent holds data', () => {
  const extents = parseFilefrag(WRITTEN)!;
  assert.equal(overlapsData(extents, 0, 4_096_000), false, 'ends where the extent starts');
  assert.equal(overlapsData(extents, 0, 4_096_001), true);
  assert.equal(overlapsData(extents, 4_100_096, 104_857_600), false, 'between the two');
  assert.equal(overlapsData(extents, 108_003_327, 108_003_328), true, 'the last byte');
  assert.equal(overlapsData(extents, 108_003_328, 2 ** 30), false);
});

test('a real sparse file: the listed extents cover every written byte; no filefrag or a failure: no answer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'extents-'));
  try {
    const path = join(dir, 'disk.img');
    writeFileSync(path, '');
    execFileSync('truncate', ['-s', '256M', path]);
    const handle = await open(path, 'r+');
    await handle.write(Buffer.alloc(8192, 0xab), 0, 8192, 3 * 2 ** 20 + 100);
    await handle.write(Buffer.alloc(1, 0xcd), 0, 1, 200 * 2 ** 20);
    await handle.close();
    const extents = await fileExtents(systemToolRunner(), path);
    if (extents === undefined) return; // a file system without FIEMAP: the caller reads everything
    assert.ok(overlapsData(extents, 3 * 2 ** 20 + 100, 3 * 2 ** 20 + 8292));
    assert.ok(overlapsData(extents, 200 * 2 ** 20, 200 * 2 ** 20 + 1));
    assert.equal(overlapsData(extents, 100 * 2 ** 20, 101 * 2 ** 20), false, 'a hole in the middle');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const failing: ToolRunner = {
    has: async () => false,
    run: async () => Promise.reject(new Error('filefrag: not found')),
  };
  assert.equal(await fileExtents(failing, '/nowhere'), undefined);
});
