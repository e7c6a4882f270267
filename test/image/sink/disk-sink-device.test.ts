import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isOrchError } from '../../../src/core/errors/index.js';
import { relocateBackupGpt } from '../../../src/image/gpt/gpt-relocate.js';
import { deviceTarget } from '../../../src/image/sink/device-target.js';
import { createDiskSink, openDiskSink } from '../../../src/image/sink/disk-sink.js';
import type { DiskSink } from '../../../src/image/sink/disk-sink.js';
import { sgdisk, SGDISK_CLEAN } from '../gpt/gpt-disk-fixture.js';
import { extentsOf, gptImage, MIB, zeroBytesIn } from './sink-fixture.js';
import { underCi } from '../../support/ci-env.js';

const run = promisify(execFile);
const IMAGE_SIZE = 8 * MIB;
const TARGET_SIZE = 12 * MIB;
let dir = '';
let image: Uint8Array;
let expected: Uint8Array;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'disk-sink-dev-'));
  image = gptImage(IMAGE_SIZE);
  expected = new Uint8Array(TARGET_SIZE);
  expected.set(image);
  const moved = relocateBackupGpt(image.subarray(0, MIB), TARGET_SIZE);
  expected.set(moved.primary, 0);
  expected.fill(0, IMAGE_SIZE - 33 * 512, IMAGE_SIZE);
  expected.set(moved.backup, moved.backupOffset);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A regular file full of old bytes, standing for a used disk. */
async function usedDisk(name: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, Buffer.alloc(TARGET_SIZE, 0xcd));
  return path;
}

async function writeAll(sink: DiskSink) {
  for (const extent of extentsOf(image)) await sink.write(extent);
  return sink.commit();
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(b);

describe('disk sink on a device', () => {
  test('write-zeros: zeros are written over old content, nothing is skipped', async () => {
    const path = await usedDisk('write-zeros.img');
    const report = await writeAll(createDiskSink(deviceTarget({ path, size: TARGET_SIZE })));
    const written = new Uint8Array(await readFile(path));
    // The device keeps its old bytes beyond the image except in its last MiB, which was cleared.
    assert.ok(
      same(written.subarray(0, IMAGE_SIZE), expected.subarray(0, IMAGE_SIZE)),
      'no stale data inside the image',
    );
    assert.ok(same(written.subarray(TARGET_SIZE - MIB), expected.subarray(TARGET_SIZE - MIB)));
    assert.ok(written.subarray(IMAGE_SIZE, TARGET_SIZE - MIB).every((b) => b === 0xcd));
    assert.equal(report.bytesSkipped, 0);
    assert.equal(report.bytesWritten, IMAGE_SIZE);
    assert.equal(report.backupGptRelocated, true);
    assert.match((await sgdisk('-v', path)).out, SGDISK_CLEAN);
  });

  test('zeroout: the image range is zeroed first, then zero blocks are skipped', async () => {
    const path = await usedDisk('zeroout.img');
    const calls: [string, number, number][] = [];
    const zeroOut = async (target: string, offset: number, length: number) => {
      calls.push([target, offset, length]);
      const handle = await open(target, 'r+');
      await handle.write(new Uint8Array(length), 0, length, offset);
      await handle.close();
    };
    const report = await writeAll(
      createDiskSink(deviceTarget({ path, size: TARGET_SIZE, zeroing: 'zeroout', zeroOut })),
    );
    assert.deepEqual(calls, [[path, 0, IMAGE_SIZE]]);
    assert.ok(
      same(new Uint8Array(await readFile(path)).subarray(0, IMAGE_SIZE), expected.subarray(0, IMAGE_SIZE)),
    );
    assert.equal(report.bytesSkipped, zeroBytesIn(image, MIB, IMAGE_SIZE - 33 * 512));
  });

  test('abort on a device clears its first and last MiB', async () => {
    const path = await usedDisk('abort.img');
    const sink = createDiskSink(deviceTarget({ path, size: TARGET_SIZE }));
    for (const extent of extentsOf(image).slice(0, -3)) await sink.write(extent);
    await sink.abort(new Error('checksum mismatch'));
    const after = new Uint8Array(await readFile(path));
    assert.ok(after.subarray(0, MIB).every((b) => b === 0));
    assert.ok(after.subarray(TARGET_SIZE - MIB).every((b) => b === 0));
    assert.match((await sgdisk('-p', path)).out, /Creating new GPT entries in memory/);
  });

  test('a real loop device, when this machine lets us attach one', async (t) => {
    const backing = await usedDisk('loop-backing.img');
    let device: string;
    try {
      device = (await run('losetup', ['--find', '--show', backing], { timeout: 10_000 })).stdout.trim();
    } catch (error) {
      const why = `losetup unavailable here (${(error as Error).message.split('\n')[0]})`;
      // CI must run it (as it must reach PostgreSQL): a machine without loop devices fails there.
      if (underCi()) throw new Error(`${why}; CI requires a loop device`, { cause: error });
      t.skip(`${why}; the device path is covered above`);
      return;
    }
    try {
      const sink = await openDiskSink(device);
      assert.equal(sink.targetSize, TARGET_SIZE, 'size read from /sys/class/block');
      const report = await writeAll(sink);
      assert.equal(report.backupGptRelocated, true);
      const written = new Uint8Array(await readFile(device));
      assert.ok(same(written.subarray(0, IMAGE_SIZE), expected.subarray(0, IMAGE_SIZE)));
      assert.match((await sgdisk('-v', device)).out, SGDISK_CLEAN);
      // Again with the kernel zeroing the range (util-linux blkdiscard -z): zero blocks skipped.
      const zeroing = await writeAll(await openDiskSink(device, { deviceZeroing: 'zeroout' }));
      assert.equal(zeroing.bytesSkipped, zeroBytesIn(image, MIB, IMAGE_SIZE - 33 * 512));
      const again = new Uint8Array(await readFile(device));
      assert.ok(same(again.subarray(0, IMAGE_SIZE), expected.subarray(0, IMAGE_SIZE)));
      // A device another writer holds open exclusively is refused (EBUSY), not written over.
      const head = extentsOf(image).slice(0, 4);
      const first = await openDiskSink(device);
      for (const extent of head) await first.write(extent);
      const second = await openDiskSink(device);
      await assert.rejects(
        async () => {
          for (const extent of head) await second.write(extent);
        },
        (e: unknown) =>
          isOrchError(e, 'TARGET_IO') && e.details?.['errno'] === 'EBUSY' && e.message.includes(device),
      );
      await second.abort('busy');
      await first.abort('done');
    } finally {
      await run('losetup', ['--detach', device], { timeout: 10_000 });
    }
  });
});
