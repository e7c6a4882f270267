import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { swapHeader } from './swap-signature.js';

const run = promisify(execFile);
const MIB = 1024 * 1024;

test('the swap header is what blkid recognises as swap, with our UUID and label', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'swap-'));
  try {
    const path = join(dir, 'swap.img');
    const handle = await open(path, 'w');
    await handle.truncate(MIB);
    await handle.write(swapHeader(MIB, '0d1e2f30-4152-6374-8596-a7b8c9dae0f1', 'swap'), 0, 4096, 0);
    await handle.close();
    const { stdout } = await run('blkid', ['-p', '-o', 'export', path]);
    assert.match(stdout, /^TYPE=swap$/m);
    assert.match(stdout, /^UUID=0d1e2f30-4152-6374-8596-a7b8c9dae0f1$/m);
    assert.match(stdout, /^LABEL=swap$/m);
    assert.throws(() => swapHeader(8192, '0d1e2f30-4152-6374-8596-a7b8c9dae0f1'), /10 pages/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
