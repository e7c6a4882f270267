import assert from 'node:assert/strict';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gptRegionsToRead } from '../../../src/image/gpt/disk-region.js';
import { validateGpt } from '../../../src/image/gpt/gpt-validate.js';
import { openFilesystem, parseOsRelease, type ByteSource } from '../../../src/image/fs/index.js';
import { buildDiskImage } from '../../fixtures/disk-image/build-disk-image.js';
import { fileSource } from './fs-test-image.js';

const MIB = 1024 * 1024;
const EMT_OS_RELEASE = 'NAME="Edge Microvisor Toolkit"\nID="Edge Microvisor Toolkit"\nVERSION_ID="3.0"\n';

describe('GPT then filesystems on the shared disk-image fixture', () => {
  let work: string;
  let handle: FileHandle;
  let source: ByteSource;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'fs-fixture-'));
    const disk = await buildDiskImage(
      { size: 16 * MIB, espSizeMiB: 2, rootfsSizeMiB: 8, osRelease: EMT_OS_RELEASE },
      work,
    );
    handle = await open(disk, 'r');
    source = fileSource(handle, (await handle.stat()).size);
  });
  after(async () => {
    await handle?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('finds the partitions with validateGpt and reads the ESP loader and the rootfs os-release', async () => {
    const regions = await Promise.all(
      gptRegionsToRead(source.size).map(async ({ offset, length }) => ({
        offset,
        bytes: await source.read(offset, length),
      })),
    );
    const gpt = validateGpt({ diskSize: source.size, regions });
    assert.equal(gpt.valid, true);
    const [esp, rootfs] = gpt.partitions.map((p) => ({
      offset: Number(p.offset),
      size: Number(p.sizeBytes),
    }));
    const espFs = await openFilesystem(source, esp!);
    assert.equal(espFs.kind, 'vfat');
    assert.equal(espFs.label, 'ESP');
    const loader = await espFs.readFile('\\EFI\\BOOT\\BOOTX64.EFI');
    assert.equal(String.fromCharCode(loader[0]!, loader[1]!), 'MZ');
    assert.equal(loader.byteLength, 2 + 64 * 1024);
    const rootFs = await openFilesystem(source, rootfs!);
    assert.equal(rootFs.kind, 'ext4');
    assert.equal(rootFs.label, 'rootfs');
    const osRelease = parseOsRelease(new TextDecoder().decode(await rootFs.readFile('/etc/os-release')));
    assert.equal(osRelease.ID, 'Edge Microvisor Toolkit');
    assert.equal(osRelease.VERSION_ID, '3.0');
  });
});
