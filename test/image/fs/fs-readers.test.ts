import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, open, readdir, readFile, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { isOrchError } from '../../../src/core/errors/index.js';
import { openFilesystem, parseOsRelease, type ReadOnlyFs } from '../../../src/image/fs/index.js';
import {
  buildTestDisk,
  DEEP_PATH,
  fileSource,
  HTREE_ENTRIES,
  LONG_FAT_NAME,
  SLOW_LINK_TARGET,
  type TestPartition,
} from './fs-test-image.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Regular files under a staging folder (links skipped), as relative paths. */
async function stagedFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)));
}

async function blkid(disk: string, offset: number): Promise<Record<string, string>> {
  const { stdout } = await promisify(execFile)('blkid', ['-p', '-o', 'export', '-O', String(offset), disk]);
  return Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  );
}

describe('filesystem readers on a GPT disk built by mkfs.vfat, mtools and mkfs.ext4 -d', () => {
  let work: string;
  let disk: string;
  let handle: FileHandle;
  let partitions: TestPartition[];
  const opened = new Map<string, ReadOnlyFs>();

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'fs-readers-'));
    ({ disk, partitions } = await buildTestDisk(work));
    handle = await open(disk, 'r');
    const source = fileSource(handle, (await handle.stat()).size);
    for (const partition of partitions) opened.set(partition.name, await openFilesystem(source, partition));
  });
  after(async () => {
    await handle?.close();
    await rm(work, { recursive: true, force: true });
  });

  const fsOf = (name: TestPartition['name']): ReadOnlyFs => opened.get(name)!;

  it('detects each filesystem with the label and UUID blkid reports', async () => {
    for (const partition of partitions) {
      const fs = fsOf(partition.name);
      const probe = await blkid(disk, partition.offset);
      assert.equal(fs.kind, probe.TYPE, partition.name);
      assert.equal(fs.label, probe.LABEL, partition.name);
      assert.equal(fs.uuid, probe.UUID, partition.name);
    }
  });

  it('reads every staged file byte for byte (sha256) on FAT12, FAT16, FAT32 and both ext4', async () => {
    let checked = 0;
    for (const partition of partitions) {
      const fs = fsOf(partition.name);
      for (const path of await stagedFiles(partition.staging)) {
        const expected = await readFile(join(partition.staging, path));
        const actual = await fs.readFile(`/${path}`);
        assert.equal(actual.byteLength, expected.byteLength, `${partition.name} ${path}`);
        assert.equal(sha256(actual), sha256(expected), `${partition.name} ${path}`);
        assert.equal((await fs.stat(`/${path}`)).size, expected.byteLength);
        checked++;
      }
    }
    // 5 files on each FAT; 4 + 600 + sparse on each ext4.
    assert.equal(checked, 3 * 5 + 2 * (4 + HTREE_ENTRIES + 1));
  });

  it('FAT: paths are case-insensitive, take backslashes, and list long names', async () => {
    for (const name of ['fat12', 'fat16', 'fat32'] as const) {
      const fs = fsOf(name);
      const staged = await readFile(
        join(partitions.find((p) => p.name === name)!.staging, 'EFI/BOOT/BOOTX64.EFI'),
      );
      assert.equal(sha256(await fs.readFile('\\efi\\boot\\bootx64.efi')), sha256(staged));
      assert.deepEqual(
        (await fs.list('/EFI/Linux')).map((e) => e.name).sort(),
        [LONG_FAT_NAME, 'lower.efi'].sort(),
      );
      assert.deepEqual(await fs.list('/a/b'), [{ name: 'c', type: 'dir' }]);
      assert.deepEqual(await fs.stat('/EFI'), { type: 'dir', size: 0 });
      assert.equal((await fs.readFile('/EMPTY.TXT')).byteLength, 0);
      assert.equal(await fs.exists(`/efi/linux/${LONG_FAT_NAME.toUpperCase()}`), true);
      assert.equal(await fs.exists('/EFI/BOOT/grubx64.efi'), false);
    }
  });

  for (const name of ['ext4-1k', 'ext4-4k'] as const) {
    describe(name, () => {
      it('follows the relative link etc/os-release -> ../usr/lib/os-release', async () => {
        const fs = fsOf(name);
        assert.deepEqual(await fs.stat('/etc/os-release'), {
          type: 'symlink',
          size: 21,
          target: '../usr/lib/os-release',
        });
        const text = new TextDecoder().decode(await fs.readFile('/etc/os-release'));
        assert.deepEqual(parseOsRelease(text), { NAME: 'Ubuntu', ID: 'ubuntu', VERSION_ID: '22.04' });
        assert.equal(
          sha256(await fs.readFile('/lib/os-release')),
          sha256(await fs.readFile('/usr/lib/os-release')),
        );
        assert.equal(
          sha256(await fs.readFile('/usr/lib/../../etc/./os-release')),
          sha256(await fs.readFile('/etc/os-release')),
        );
      });

      it('follows a slow (long) absolute link and lists links with their type', async () => {
        const fs = fsOf(name);
        const stat = await fs.stat('/slow-link');
        assert.equal(stat.target, SLOW_LINK_TARGET);
        assert.equal(
          new TextDecoder().decode(await fs.readFile('/slow-link')),
          'reached through a slow link\n',
        );
        const root = await fs.list('/');
        assert.deepEqual(
          root.find((e) => e.name === 'slow-link'),
          { name: 'slow-link', type: 'symlink' },
        );
      });

      it('lists the hash-tree directory completely and walks a deep path', async () => {
        const fs = fsOf(name);
        const many = await fs.list('/many');
        assert.equal(many.length, HTREE_ENTRIES);
        assert.equal(new Set(many.map((e) => e.name)).size, HTREE_ENTRIES);
        assert.equal(new TextDecoder().decode(await fs.readFile(`/${DEEP_PATH}/leaf.txt`)), 'deep leaf\n');
      });

      it('refuses link loops, missing paths, directories as files and files over maxBytes', async () => {
        const fs = fsOf(name);
        await assert.rejects(
          fs.readFile('/loop-a'),
          (e) => isOrchError(e, 'CORRUPT_DATA') && /more than 40 symbolic links/.test(e.message),
        );
        await assert.rejects(fs.exists('/loop-b'), (e) => isOrchError(e, 'CORRUPT_DATA'));
        assert.equal(await fs.exists('/etc/missing'), false);
        assert.equal(await fs.exists('/etc/os-release'), true);
        await assert.rejects(
          fs.readFile('/etc/missing'),
          (e) => isOrchError(e, 'FS_NOT_FOUND') && e.message === "/etc/missing: 'missing' does not exist",
        );
        await assert.rejects(
          fs.readFile('/usr'),
          (e) => isOrchError(e, 'FS_NOT_FOUND') && /is a directory/.test(e.message),
        );
        await assert.rejects(
          fs.list('/big.bin'),
          (e) => isOrchError(e, 'FS_NOT_FOUND') && /not a directory/.test(e.message),
        );
        await assert.rejects(fs.readFile('/big.bin/x'), (e) => isOrchError(e, 'FS_NOT_FOUND'));
        await assert.rejects(
          fs.readFile('/big.bin', { maxBytes: 1_000_000 }),
          (e) =>
            isOrchError(e, 'FS_FILE_TOO_LARGE') &&
            /3158073 bytes, more than the 1000000 allowed/.test(e.message),
        );
      });
    });
  }
});
