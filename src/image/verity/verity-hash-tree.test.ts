import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { VerityHashTreeBuilder, verityHashAreaBytes, verityLevelBlocks } from './verity-hash-tree.js';

const run = promisify(execFile);

test('level sizes follow the 128-digests-per-block rule', () => {
  assert.deepEqual(verityLevelBlocks(1024 * 1024), [8192, 64, 1]);
  assert.deepEqual(verityLevelBlocks(100), [1]);
  assert.equal(verityHashAreaBytes(4096 * 1024 * 1024), (1 + 8192 + 64 + 1) * 4096);
});

test('veritysetup verifies our tree and root hash, and refuses them after one data byte changes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'verity-'));
  try {
    // 1000 blocks: data, zeros (the shortcut) and a partial top level.
    const data = Buffer.alloc(1000 * 4096);
    for (let i = 0; i < 300 * 4096; i++) data[i] = (i * 7919) & 0xff;
    const builder = new VerityHashTreeBuilder({ dataBytes: data.length });
    builder.push(data.subarray(0, 1024 * 1024));
    builder.push(data.subarray(1024 * 1024));
    const tree = builder.finish();
    assert.equal(tree.hashArea.length, verityHashAreaBytes(data.length));
    await writeFile(join(dir, 'data'), data);
    await writeFile(join(dir, 'hash'), tree.hashArea);
    const { stdout } = await run('veritysetup', ['dump', join(dir, 'hash')]);
    assert.match(stdout, /Hash type:\s+1/);
    assert.match(stdout, new RegExp(`Salt:\\s+${Buffer.from(tree.salt).toString('hex')}`));
    await run('veritysetup', ['verify', join(dir, 'data'), join(dir, 'hash'), tree.rootHash]);
    data[5 * 4096 + 17] = data[5 * 4096 + 17]! ^ 1;
    await writeFile(join(dir, 'data'), data);
    await assert.rejects(run('veritysetup', ['verify', join(dir, 'data'), join(dir, 'hash'), tree.rootHash]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('pushing a partial block or finishing early is refused', () => {
  const builder = new VerityHashTreeBuilder({ dataBytes: 8192 });
  assert.throws(() => builder.push(new Uint8Array(100)), /whole blocks/);
  builder.push(new Uint8Array(4096));
  assert.throws(() => builder.finish(), /after 1 of 2/);
  assert.throws(() => new VerityHashTreeBuilder({ dataBytes: 1000 }), /multiple of 4096/);
});
