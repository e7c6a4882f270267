import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOrchError } from '../../../src/core/errors/index.js';
import { relocateBackupGpt } from '../../../src/image/gpt/gpt-relocate.js';
import { validateGpt } from '../../../src/image/gpt/gpt-validate.js';
import { openDiskSink, type DiskSinkReport } from '../../../src/image/sink/disk-sink.js';
import { sgdisk, SGDISK_CLEAN } from '../gpt/gpt-disk-fixture.js';
import { extentsOf, gptImage, MIB, zeroBytesIn } from './sink-fixture.js';

const IMAGE_SIZE = 8 * MIB;
const TAIL = 33 * 512;
let dir = '';
let image: Uint8Array;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'disk-sink-'));
  image = gptImage(IMAGE_SIZE);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeAll(path: string, img: Uint8Array, options = {}): Promise<DiskSinkReport> {
  const sink = await openDiskSink(path, options);
  for (const extent of extentsOf(img)) await sink.write(extent);
  return sink.commit();
}

const read = async (path: string) => new Uint8Array(await readFile(path));

describe('disk sink on regular files', () => {
  test('a larger file gets the image, the backup GPT moved to its end, and holes left sparse', async () => {
    const path = join(dir, 'larger.img');
    const targetSize = 12 * MIB;
    const report = await writeAll(path, image, { fileSize: targetSize });
    const expected = new Uint8Array(targetSize);
    expected.set(image);
    const moved = relocateBackupGpt(image.subarray(0, MIB), targetSize);
    expected.set(moved.primary, 0);
    expected.fill(0, IMAGE_SIZE - TAIL, IMAGE_SIZE);
    expected.set(moved.backup, moved.backupOffset);
    const written = await read(path);
    assert.equal(written.length, targetSize);
    assert.ok(Buffer.from(written).equals(expected), 'bytes differ from the image with a relocated backup');
    assert.deepEqual(
      written.subarray(2 * 512, IMAGE_SIZE - TAIL),
      image.subarray(2 * 512, IMAGE_SIZE - TAIL),
    );
    assert.match((await sgdisk('-v', path)).out, SGDISK_CLEAN);
    const gpt = validateGpt({ diskSize: targetSize, regions: [{ offset: 0, bytes: written }] });
    assert.deepEqual(gpt.issues, []);
    assert.deepEqual(
      gpt.partitions.map((p) => p.name),
      ['EFI', 'rootfs', 'data'],
    );
    const zeros = zeroBytesIn(image, MIB, IMAGE_SIZE - TAIL);
    assert.deepEqual(
      { ...report, durationMs: 0 },
      {
        bytesWritten: IMAGE_SIZE - zeros,
        bytesSkipped: zeros,
        imageSize: IMAGE_SIZE,
        targetSize,
        backupGptRelocated: true,
        durationMs: 0,
      },
    );
    assert.ok(zeros > 3 * MIB, `fixture has zeros (${zeros})`);
    const { blocks } = await stat(path);
    assert.ok(blocks * 512 < IMAGE_SIZE - zeros + MIB, `allocated ${blocks * 512} bytes: holes were written`);
  });

  test('a same-size file holding other data gets exactly the image: no relocation, no stale bytes', async () => {
    const path = join(dir, 'same.img');
    await writeFile(path, Buffer.alloc(IMAGE_SIZE, 0xab));
    const report = await writeAll(path, image);
    assert.ok(Buffer.from(await read(path)).equals(image));
    assert.equal(report.backupGptRelocated, false);
    assert.equal(report.bytesWritten + report.bytesSkipped, IMAGE_SIZE);
    assert.match((await sgdisk('-v', path)).out, SGDISK_CLEAN);
  });

  test('a target too small fails before any write and stays untouched', async () => {
    const path = join(dir, 'small.img');
    const before = randomBytes(6 * MIB);
    await writeFile(path, before);
    const { mtimeMs } = await stat(path);
    const tooSmall = (e: unknown) =>
      isOrchError(e, 'TARGET_TOO_SMALL') &&
      e.message.includes(`${IMAGE_SIZE} bytes (0.01 GiB)`) &&
      e.message.includes(`${6 * MIB} bytes (0.01 GiB)`) &&
      e.message.includes(path);
    await assert.rejects(openDiskSink(path, { imageSize: IMAGE_SIZE }), tooSmall);
    // Without a declared size, the GPT in the first MiB gives it away before anything is written.
    const sink = await openDiskSink(path);
    const extents = extentsOf(image);
    await assert.rejects(async () => {
      for (const extent of extents) await sink.write(extent);
    }, tooSmall);
    await assert.rejects(sink.write(extents.at(-1)!), tooSmall, 'the sink stays failed');
    await assert.rejects(sink.commit(), tooSmall);
    await sink.abort(new Error('too small'));
    assert.ok(Buffer.from(await read(path)).equals(before));
    assert.equal((await stat(path)).mtimeMs, mtimeMs);
    await assert.rejects(
      openDiskSink(join(dir, 'new-small.img'), { fileSize: MIB, imageSize: IMAGE_SIZE }),
      (e: unknown) =>
        isOrchError(e, 'TARGET_TOO_SMALL') && e.message.includes(`holds only ${MIB} bytes (0.00 GiB)`),
    );
    await assert.rejects(stat(join(dir, 'new-small.img')), { code: 'ENOENT' });
  });

  test('abort after most extents leaves no partition table where another image was', async () => {
    const path = join(dir, 'aborted.img');
    await writeAll(path, gptImage(IMAGE_SIZE), { fileSize: IMAGE_SIZE });
    assert.match((await sgdisk('-v', path)).out, SGDISK_CLEAN);
    const sink = await openDiskSink(path);
    const extents = extentsOf(image);
    for (const extent of extents.slice(0, -2)) await sink.write(extent);
    await sink.abort(new Error('checksum mismatch'));
    await sink.abort(new Error('twice is harmless'));
    const after = await read(path);
    assert.ok(after.subarray(0, MIB).every((b) => b === 0));
    assert.ok(after.subarray(IMAGE_SIZE - MIB).every((b) => b === 0));
    assert.deepEqual(after.subarray(MIB, 5 * MIB), image.subarray(MIB, 5 * MIB), 'the body was written');
    const printed = await sgdisk('-p', path);
    assert.match(printed.out, /Creating new GPT entries in memory/);
    assert.doesNotMatch(printed.out, /^\s+1\s+\d+/m);
    assert.equal(
      validateGpt({ diskSize: IMAGE_SIZE, regions: [{ offset: 0, bytes: after }] }).issues[0]?.kind,
      'GPT_MISSING',
    );
    await assert.rejects(sink.write(extents.at(-1)!), /already committed or aborted/);
  });
});
