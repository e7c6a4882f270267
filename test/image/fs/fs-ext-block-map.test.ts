import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bufferSource, openFilesystem, type ReadOnlyFs } from '../../../src/image/fs/index.js';
import { runTool } from '../../fixtures/disk-image/run-tool.js';
import { SLOW_LINK_TARGET } from './fs-test-image.js';

const MIB = 1024 * 1024;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * ext2 and ext3 made with 1 KiB blocks: a 3 MiB file needs double indirect blocks. The ext2 one
 * also lacks the filetype feature, so entry types come from the inodes.
 */
describe('ext2/ext3 block-mapped inodes', () => {
  let work: string;
  let staging: string;
  const opened = new Map<string, ReadOnlyFs>();

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'fs-blockmap-'));
    staging = join(work, 'root');
    await mkdir(join(staging, 'usr', 'lib'), { recursive: true });
    await mkdir(join(staging, 'etc'));
    await mkdir(join(staging, SLOW_LINK_TARGET, '..'), { recursive: true });
    await writeFile(join(staging, SLOW_LINK_TARGET), 'slow\n');
    await writeFile(join(staging, 'usr', 'lib', 'os-release'), 'ID=debian\n');
    await symlink('../usr/lib/os-release', join(staging, 'etc', 'os-release'));
    await symlink(SLOW_LINK_TARGET, join(staging, 'slow-link'));
    await writeFile(join(staging, 'big.bin'), randomBytes(3 * MIB + 777));
    const sparse = await open(join(staging, 'sparse.bin'), 'w');
    for (let block = 0; block < 400; block += 7) await sparse.write(randomBytes(1024), 0, 1024, block * 1024);
    await sparse.close();
    for (const [name, args] of [
      ['ext2', ['-t', 'ext2', '-O', '^filetype']],
      ['ext3', ['-t', 'ext3']],
    ] as const) {
      const image = join(work, `${name}.img`);
      await runTool('mke2fs', ['-q', '-F', ...args, '-b', '1024', '-L', name, '-d', staging, image, '8M']);
      const bytes = new Uint8Array(await readFile(image));
      opened.set(name, await openFilesystem(bufferSource(bytes), { offset: 0, size: bytes.byteLength }));
    }
  });
  after(() => rm(work, { recursive: true, force: true }));

  for (const name of ['ext2', 'ext3']) {
    it(`${name}: files through indirect blocks and holes, links, listing types`, async () => {
      const fs = opened.get(name)!;
      assert.equal(fs.kind, 'ext4');
      assert.equal(fs.label, name);
      for (const file of ['big.bin', 'sparse.bin']) {
        assert.equal(
          sha256(await fs.readFile(`/${file}`)),
          sha256(await readFile(join(staging, file))),
          file,
        );
      }
      assert.equal(new TextDecoder().decode(await fs.readFile('/etc/os-release')), 'ID=debian\n');
      assert.equal(new TextDecoder().decode(await fs.readFile('/slow-link')), 'slow\n');
      const root = await fs.list('/');
      assert.deepEqual(
        root
          .filter((e) => ['etc', 'big.bin', 'slow-link'].includes(e.name))
          .sort((a, b) => a.name.localeCompare(b.name)),
        [
          { name: 'big.bin', type: 'file' },
          { name: 'etc', type: 'dir' },
          { name: 'slow-link', type: 'symlink' },
        ],
      );
    });
  }
});
