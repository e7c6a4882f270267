import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { bufferSource } from './byte-source.js';
import { buildFat16, fat16Geometry } from './fat-writer.js';
import { openFilesystem } from './open-filesystem.js';

const run = promisify(execFile);
const MIB = 1024 * 1024;
const files = [
  { name: 'meta-data', data: new TextEncoder().encode('instance-id: i-1\nlocal-hostname: host-1\n') },
  { name: 'user-data', data: new Uint8Array(5000).map((_, i) => 32 + (i % 90)) },
  { name: 'network-config', data: new TextEncoder().encode('version: 2\n') },
  { name: 'EMPTY', data: new Uint8Array() },
];

test('fsck.vfat accepts the volume; mtools and our reader read every file back byte-identical', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fat-writer-'));
  try {
    const path = join(dir, 'vol.img');
    const volume = new Uint8Array(16 * MIB);
    for (const w of buildFat16({ sizeBytes: volume.length, label: 'cidata', serial: 0x1234abcd, files }))
      volume.set(w.bytes, w.offset);
    const handle = await open(path, 'w');
    await handle.write(volume);
    await handle.close();
    await run('fsck.vfat', ['-n', path]);
    const { stdout: label } = await run('blkid', ['-p', '-o', 'export', path]);
    assert.match(label, /^LABEL=CIDATA$/m);
    assert.match(label, /^TYPE=vfat$/m);
    for (const file of files) {
      const { stdout } = await run('mtype', ['-i', path, `::/${file.name}`], { encoding: 'buffer' });
      assert.deepEqual(new Uint8Array(stdout), file.data, file.name);
    }
    const fs = await openFilesystem(bufferSource(volume), { offset: 0, size: volume.length });
    for (const file of files) assert.deepEqual(await fs.readFile(`/${file.name}`), file.data);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('geometry stays FAT16; too small a volume and bad labels are refused', () => {
  assert.ok(fat16Geometry(4 * MIB).clusters >= 4085);
  assert.ok(fat16Geometry(1024 * MIB).clusters < 65525);
  assert.throws(() => fat16Geometry(MIB), /2\.\.2047 MiB/);
  assert.throws(() => buildFat16({ sizeBytes: 8 * MIB, label: 'bad label!', serial: 1, files: [] }), /label/);
  assert.throws(
    () =>
      buildFat16({
        sizeBytes: 4 * MIB,
        label: 'X',
        serial: 1,
        files: [{ name: 'big', data: new Uint8Array(5 * MIB) }],
      }),
    /do not fit/,
  );
});
