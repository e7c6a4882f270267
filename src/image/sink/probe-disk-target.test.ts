import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOrchError } from '../../core/errors/index.js';
import { blockDeviceSize, probeDiskTarget } from './probe-disk-target.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'probe-target-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('block device sizes come from sysfs in 512-byte units, through symbolic links', async () => {
  const sysfs = join(dir, 'sys');
  await mkdir(join(sysfs, 'nvme0n1'), { recursive: true });
  await writeFile(join(sysfs, 'nvme0n1', 'size'), '1000215216\n');
  const dev = join(dir, 'nvme0n1');
  await writeFile(dev, '');
  await symlink(dev, join(dir, 'by-id-link'));
  assert.equal(await blockDeviceSize(join(dir, 'by-id-link'), sysfs), 1000215216 * 512);
  await assert.rejects(blockDeviceSize(join(dir, 'missing'), sysfs), (e: unknown) =>
    isOrchError(e, 'TARGET_IO'),
  );
});

test('regular files: existing size, empty or new ones take fileSize', async () => {
  const existing = join(dir, 'existing.img');
  await writeFile(existing, new Uint8Array(4096));
  assert.deepEqual(await summary(existing, 1 << 20), { kind: 'file', size: 4096 });
  const empty = join(dir, 'empty.img');
  await writeFile(empty, '');
  assert.deepEqual(await summary(empty, 1 << 20), { kind: 'file', size: 1 << 20 });
  assert.deepEqual(await summary(join(dir, 'new.img'), 1 << 21), { kind: 'file', size: 1 << 21 });
  assert.deepEqual(await summary(empty), { kind: 'file', size: 0 });
});

async function summary(path: string, fileSize?: number) {
  const target = await probeDiskTarget(path, fileSize === undefined ? {} : { fileSize });
  return { kind: target.kind, size: target.size };
}
