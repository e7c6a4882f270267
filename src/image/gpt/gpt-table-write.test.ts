import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import type { GptEntry } from './gpt-entry.js';
import { writeGptTable } from './gpt-table-write.js';
import { PARTITION_TYPES } from './partition-types.js';

const run = promisify(execFile);
const DISK = 64 * 1024 * 1024;
const entry = (number: number, firstLba: bigint, lastLba: bigint, name: string): GptEntry => ({
  number,
  typeGuid: PARTITION_TYPES.linuxFilesystem.guid,
  uniqueGuid: `${String(number).padStart(8, '0')}-1111-2222-3333-444455556666`,
  firstLba,
  lastLba,
  attributes: 0n,
  name,
});

test('a table with chosen numbers, GUIDs and disk GUID is what sgdisk reads, and valid', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gpt-write-'));
  try {
    const gpt = writeGptTable({
      diskSize: DISK,
      diskGuid: 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE',
      entries: [
        entry(15, 2048n, 4095n, 'esp'),
        entry(1, 4096n, 20479n, 'root'),
        entry(11, 100000n, 120000n, 'CIDATA'),
      ],
    });
    const path = join(dir, 'disk.img');
    const handle = await open(path, 'w');
    await handle.truncate(DISK);
    await handle.write(gpt.primary, 0, gpt.primary.length, 0);
    await handle.write(gpt.backup, 0, gpt.backup.length, gpt.backupOffset);
    await handle.close();
    const { stdout } = await run('sgdisk', ['-v', path]);
    assert.match(stdout, /No problems found/);
    const { stdout: info } = await run('sgdisk', ['-i', '1', path]);
    assert.match(info, /Partition unique GUID: 00000001-1111-2222-3333-444455556666/);
    const { stdout: print } = await run('sgdisk', ['-p', path]);
    assert.match(print, /Disk identifier \(GUID\): AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE/);
    assert.match(print, /\n\s+11\s+100000\s+120000 .*CIDATA/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('entries outside the usable range or overlapping are refused with GPT_INVALID', () => {
  const base = { diskSize: DISK, diskGuid: 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE' };
  assert.throws(() => writeGptTable({ ...base, entries: [entry(1, 2048n, 200000n, 'big')] }), {
    code: 'GPT_INVALID',
    message: /does not fit the usable range/,
  });
  assert.throws(
    () => writeGptTable({ ...base, entries: [entry(1, 2048n, 4095n, 'a'), entry(2, 4000n, 5000n, 'b')] }),
    { code: 'GPT_INVALID', message: /partition 2 \("b"\) overlaps partition 1/ },
  );
});
