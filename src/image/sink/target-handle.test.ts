import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alignedBuffer } from './aligned-buffer.js';
import { TargetHandle } from './target-handle.js';

/** A fresh file of `size` zero bytes in a folder of `parent`, opened as a target. */
async function target(parent: string, size: number) {
  const dir = await mkdtemp(join(parent, 'target-handle-'));
  const path = join(dir, 'disk.img');
  const handle = await TargetHandle.open(path, 'w');
  await handle.truncate(size);
  return { path, handle, remove: () => rm(dir, { recursive: true, force: true }) };
}

test('aligned memory goes out through O_DIRECT, an unaligned tail through the page cache', async (t) => {
  const { path, handle, remove } = await target(tmpdir(), 64 * 1024);
  t.after(remove);
  const direct = await handle.enableDirect();
  if (!direct) t.diagnostic(`${tmpdir()} refuses O_DIRECT: only the ordinary path is exercised`);
  const bytes = alignedBuffer(3 * 4096 + 100)!;
  bytes.set(randomBytes(bytes.byteLength));
  await handle.writeAligned(bytes, 8192);
  assert.equal(handle.direct, direct, 'a direct write the kernel took leaves direct I/O on');
  await handle.sync();
  await handle.close();
  const file = await readFile(path);
  assert.deepEqual(file.subarray(8192, 8192 + bytes.byteLength), Buffer.from(bytes));
  assert.equal(
    file.subarray(0, 8192).some((b) => b !== 0),
    false,
  );
  assert.equal(
    file.subarray(8192 + bytes.byteLength).some((b) => b !== 0),
    false,
  );
});

test('a direct write the kernel refuses (misaligned memory) is written anyway and turns direct I/O off', async (t) => {
  const { path, handle, remove } = await target(tmpdir(), 32 * 1024);
  t.after(remove);
  if (!(await handle.enableDirect())) return t.skip(`${tmpdir()} refuses O_DIRECT`);
  const misaligned = new Uint8Array(2 * 4096 + 1).subarray(1); // one byte off any alignment
  misaligned.set(randomBytes(misaligned.byteLength));
  await handle.writeAligned(misaligned, 4096);
  assert.equal(handle.direct, false);
  await handle.writeAligned(misaligned, 16384); // from now on, ordinary writes
  await handle.close();
  const file = await readFile(path);
  assert.deepEqual(file.subarray(4096, 4096 + 8192), Buffer.from(misaligned));
  assert.deepEqual(file.subarray(16384, 16384 + 8192), Buffer.from(misaligned));
});

test('an unaligned file offset takes the ordinary path; tmpfs works either way', async (t) => {
  const { path, handle, remove } = await target(tmpdir(), 32 * 1024);
  t.after(remove);
  await handle.enableDirect();
  const bytes = alignedBuffer(4096)!;
  bytes.fill(7);
  await handle.writeAligned(bytes, 512); // offset not a multiple of 4096
  await handle.close();
  assert.equal(
    (await readFile(path)).subarray(512, 512 + 4096).every((b) => b === 7),
    true,
  );
  if (!existsSync('/dev/shm')) return;
  const shm = await target('/dev/shm', 8192);
  t.after(shm.remove);
  // tmpfs takes O_DIRECT since Linux 6.6 and refuses it before: both must write the bytes.
  t.diagnostic(`O_DIRECT on tmpfs: ${await shm.handle.enableDirect()}`);
  await shm.handle.writeAligned(bytes, 4096);
  await shm.handle.close();
  assert.equal(
    (await readFile(shm.path)).subarray(4096).every((b) => b === 7),
    true,
  );
});
