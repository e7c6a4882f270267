import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOrchError } from '../../../src/core/errors/index.js';
import type { Extent } from '../../../src/image/extent.js';
import { relocateBackupGpt } from '../../../src/image/gpt/gpt-relocate.js';
import { openDiskSink } from '../../../src/image/sink/disk-sink.js';
import { sgdisk, SGDISK_CLEAN } from '../gpt/gpt-disk-fixture.js';
import { extentsOf, gptImage, mbrImage, MIB } from './sink-fixture.js';

let dir = '';
let n = 0;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'disk-sink-edge-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const read = async (path: string) => new Uint8Array(await readFile(path));
const nextPath = () => join(dir, `t${n++}.img`);
async function filled(size: number, byte: number): Promise<string> {
  const path = nextPath();
  await writeFile(path, Buffer.alloc(size, byte));
  return path;
}

describe('disk sink edge cases', () => {
  test('an MBR-only image is written as is, its MBR last, never relocated', async () => {
    const image = mbrImage(4 * MIB);
    const path = await filled(6 * MIB, 0x5a);
    const sink = await openDiskSink(path);
    for (const extent of extentsOf(image)) await sink.write(extent);
    const report = await sink.commit();
    const written = await read(path);
    assert.ok(Buffer.from(written.subarray(0, 4 * MIB)).equals(image));
    assert.ok(
      written.subarray(4 * MIB).every((b) => b === 0),
      'beyond the image: zeros',
    );
    assert.equal(report.backupGptRelocated, false);
    assert.equal(report.imageSize, 4 * MIB);
    assert.equal(report.bytesWritten + report.bytesSkipped, 4 * MIB);
  });

  test('an MBR-only image is held back until commit and refused early when its partitions do not fit', async () => {
    const image = mbrImage(4 * MIB);
    const path = await filled(6 * MIB, 0x5a);
    const sink = await openDiskSink(path);
    for (const extent of extentsOf(image).slice(0, -1)) await sink.write(extent);
    const midway = await read(path);
    assert.ok(
      midway.subarray(0, MIB).every((b) => b === 0),
      'the MBR is not on the target before commit',
    );
    await sink.abort('stop');
    const aborted = await read(path);
    assert.ok(
      aborted.subarray(0, MIB).every((b) => b === 0) && aborted.subarray(5 * MIB).every((b) => b === 0),
    );
    const small = await filled(3 * MIB, 0x5a);
    const tooSmall = await openDiskSink(small);
    await assert.rejects(
      async () => {
        for (const extent of extentsOf(image)) await tooSmall.write(extent);
      },
      (e: unknown) => isOrchError(e, 'TARGET_TOO_SMALL') && e.message.includes(`${4 * MIB} bytes`),
    );
    assert.ok((await read(small)).every((b) => b === 0x5a));
  });

  test('extents with a gap, out of order or overlapping are a programming error', async () => {
    const sink = await openDiskSink(nextPath(), { fileSize: 8 * MIB });
    const data = (offset: number, length: number): Extent => ({
      kind: 'data',
      offset,
      data: new Uint8Array(length),
    });
    await assert.rejects(sink.write(data(512, 512)), {
      name: 'RangeError',
      message: /expected offset 0, got data extent at 512 \(leaves a gap\)/,
    });
    await sink.write(data(0, 4096));
    await assert.rejects(sink.write({ kind: 'hole', offset: 2048, length: 10 }), {
      name: 'RangeError',
      message: /expected offset 4096, got hole extent at 2048 \(overlaps or goes backwards\)/,
    });
    await assert.rejects(sink.write({ kind: 'hole', offset: 4096, length: -1 }), {
      name: 'RangeError',
      message: /invalid length -1/,
    });
    const overlapping = [sink.write(data(4096, 4096)), sink.write(data(8192, 4096))];
    await assert.rejects(overlapping[1]!, /must not overlap/);
    await overlapping[0];
    await sink.abort('done');
  });

  test('a corrupt GPT in the image is refused with GPT_INVALID before anything is written', async () => {
    for (const [what, at] of [
      ['header', 512 + 40],
      ['entries', 1024 + 60],
    ] as const) {
      const image = gptImage(8 * MIB);
      image[at] = image[at]! ^ 0xff;
      const path = await filled(8 * MIB, 0x77);
      const sink = await openDiskSink(path);
      await assert.rejects(
        async () => {
          for (const extent of extentsOf(image)) await sink.write(extent);
        },
        (e: unknown) =>
          isOrchError(e, 'GPT_INVALID') &&
          /CRC32 mismatch/.test(e.message) &&
          e.message.includes(what === 'header' ? 'header CRC32' : 'entry array CRC32'),
      );
      await sink.abort('corrupt');
      assert.ok(
        (await read(path)).every((b) => b === 0x77),
        `${what}: target untouched`,
      );
    }
  });

  test('a cancelled signal rejects with ABORTED', async () => {
    const controller = new AbortController();
    const sink = await openDiskSink(nextPath(), { fileSize: 8 * MIB, signal: controller.signal });
    controller.abort(new Error('operator'));
    await assert.rejects(sink.write({ kind: 'hole', offset: 0, length: 512 }), (e: unknown) =>
      isOrchError(e, 'ABORTED'),
    );
    await sink.abort('cancelled');
  });

  test('a declared size larger than the GPT (a resized qcow2) moves the backup to the target end', async () => {
    const image = new Uint8Array(10 * MIB);
    image.set(gptImage(8 * MIB));
    const path = nextPath();
    const sink = await openDiskSink(path, { imageSize: 10 * MIB, fileSize: 16 * MIB });
    for (const extent of extentsOf(image)) await sink.write(extent);
    const report = await sink.commit();
    assert.equal(report.backupGptRelocated, true);
    assert.equal(report.imageSize, 10 * MIB);
    assert.match((await sgdisk('-v', path)).out, SGDISK_CLEAN);
    const moved = relocateBackupGpt(image.subarray(0, MIB), 16 * MIB);
    assert.deepEqual((await read(path)).subarray(0, MIB), moved.primary);
  });

  test('an image smaller than 1 MiB is written whole at commit', async () => {
    const image = randomBytes(300 * 1024);
    for (const imageSize of [image.length, undefined]) {
      const path = nextPath();
      const sink = await openDiskSink(path, { fileSize: MIB, ...(imageSize ? { imageSize } : {}) });
      await sink.write({ kind: 'data', offset: 0, data: image });
      const report = await sink.commit();
      assert.deepEqual((await read(path)).subarray(0, image.length), new Uint8Array(image));
      assert.equal(report.bytesWritten, image.length);
    }
  });

  test('a producer stopping early or a GPT image cut short fail at commit and leave no table', async () => {
    const image = gptImage(8 * MIB);
    const extents = extentsOf(image);
    const cases = [
      {
        options: { imageSize: 8 * MIB },
        check: { name: 'RangeError', message: /extents end at offset \d+ but the image size is 8388608/ },
      },
      {
        options: {},
        check: (e: unknown) => isOrchError(e, 'GPT_INVALID') && /the image is truncated/.test(e.message),
      },
    ];
    for (const { options, check } of cases) {
      const path = await filled(8 * MIB, 0x11);
      const sink = await openDiskSink(path, options);
      for (const extent of extents.slice(0, -1)) await sink.write(extent);
      await assert.rejects(sink.commit(), check);
      const after = await read(path);
      assert.ok(
        after.subarray(0, MIB).every((b) => b === 0) && after.subarray(7 * MIB).every((b) => b === 0),
      );
      assert.match((await sgdisk('-p', path)).out, /Creating new GPT entries in memory/);
    }
  });

  test('a missing path without fileSize or a directory is TARGET_IO with path and errno', async () => {
    const missing = join(dir, 'absent', 'disk.img');
    await assert.rejects(
      openDiskSink(missing),
      (e: unknown) =>
        isOrchError(e, 'TARGET_IO') && e.message.includes(missing) && e.details?.['errno'] === 'ENOENT',
    );
    await assert.rejects(
      openDiskSink(dir),
      (e: unknown) =>
        isOrchError(e, 'TARGET_IO') && /neither a regular file nor a block device/.test(e.message),
    );
    await assert.rejects(stat(missing), { code: 'ENOENT' });
  });
});
