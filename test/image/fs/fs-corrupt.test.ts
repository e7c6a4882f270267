import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isOrchError } from '../../../src/core/errors/index.js';
import { bufferSource, openFilesystem } from '../../../src/image/fs/index.js';
import { runTool } from '../../fixtures/disk-image/run-tool.js';

const MIB = 1024 * 1024;
/** ext4 superblock at 1024; s_log_block_size at +0x18, s_magic at +0x38, s_blocks_count_lo at +0x4. */
const SB = 1024;

describe('filesystem readers on corrupt and foreign partitions', () => {
  let work: string;
  let ext4: Uint8Array;
  let fat: Uint8Array;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'fs-corrupt-'));
    await runTool('mkfs.ext4', ['-q', '-F', '-b', '4096', join(work, 'e.img'), '4M']);
    await runTool('mkfs.vfat', ['-C', '-F', '16', '-s', '1', join(work, 'f.img'), String(8 * 1024)]);
    ext4 = new Uint8Array(await readFile(join(work, 'e.img')));
    fat = new Uint8Array(await readFile(join(work, 'f.img')));
  });
  after(() => rm(work, { recursive: true, force: true }));

  const open = (bytes: Uint8Array) =>
    openFilesystem(bufferSource(bytes), { offset: 0, size: bytes.byteLength });
  const patched = (bytes: Uint8Array, at: number, values: number[]): Uint8Array => {
    const copy = Uint8Array.from(bytes);
    copy.set(values, at);
    return copy;
  };

  it('opens the untouched images', async () => {
    assert.equal((await open(ext4)).kind, 'ext4');
    assert.equal((await open(fat)).kind, 'vfat');
  });

  it('ext4: an impossible block size is CORRUPT_DATA naming s_log_block_size', async () => {
    await assert.rejects(
      open(patched(ext4, SB + 0x18, [9, 0, 0, 0])),
      (e) =>
        isOrchError(e, 'CORRUPT_DATA') &&
        e.message === 'ext4: superblock field s_log_block_size is 9, expected 0..6 (1 KiB..64 KiB blocks)',
    );
  });

  it('ext4: a block count past the partition is CORRUPT_DATA', async () => {
    await assert.rejects(
      open(patched(ext4, SB + 0x4, [0, 0, 0, 1])),
      (e) => isOrchError(e, 'CORRUPT_DATA') && /s_blocks_count is 16777216, expected <= 1024/.test(e.message),
    );
  });

  it('ext4: an unknown incompatible feature is UNSUPPORTED_FORMAT naming it', async () => {
    await assert.rejects(
      open(patched(ext4, SB + 0x62, [0x01])), // 0x10000: encrypt
      (e) => isOrchError(e, 'UNSUPPORTED_FORMAT') && /not supported: encrypt/.test(e.message),
    );
  });

  it('ext4: a zeroed superblock leaves no recognised filesystem', async () => {
    await assert.rejects(
      open(patched(ext4, SB, new Array(1024).fill(0))),
      (e) => isOrchError(e, 'UNSUPPORTED_FORMAT') && /no recognised filesystem/.test(e.message),
    );
  });

  it('vfat: a volume larger than its partition is CORRUPT_DATA', async () => {
    const short = fat.subarray(0, 4 * MIB);
    await assert.rejects(
      openFilesystem(bufferSource(short), { offset: 0, size: short.byteLength }),
      (e) => isOrchError(e, 'CORRUPT_DATA') && /exceeds its 4194304-byte partition/.test(e.message),
    );
  });

  it('vfat: a FAT size of zero is CORRUPT_DATA', async () => {
    await assert.rejects(
      open(patched(fat, 22, [0, 0])),
      (e) => isOrchError(e, 'CORRUPT_DATA') && /sizes do not add up/.test(e.message),
    );
  });

  it('vfat: a FAT too small for the cluster count is CORRUPT_DATA', async () => {
    await assert.rejects(
      open(patched(fat, 22, [1, 0])),
      (e) => isOrchError(e, 'CORRUPT_DATA') && /a FAT of 512 bytes cannot map \d+ clusters/.test(e.message),
    );
  });

  it('names a foreign filesystem (swap, squashfs) as UNSUPPORTED_FORMAT', async () => {
    const swap = new Uint8Array(64 * 1024);
    swap.set(new TextEncoder().encode('SWAPSPACE2'), 4086);
    await assert.rejects(
      open(swap),
      (e) =>
        isOrchError(e, 'UNSUPPORTED_FORMAT') && e.message === 'partition at 0 holds swap, not vfat or ext4',
    );
    const squash = new Uint8Array(64 * 1024);
    squash.set(new TextEncoder().encode('hsqs'), 0);
    await assert.rejects(
      open(squash),
      (e) => isOrchError(e, 'UNSUPPORTED_FORMAT') && /holds squashfs/.test(e.message),
    );
  });

  it('refuses a partition range outside the image', async () => {
    await assert.rejects(
      openFilesystem(bufferSource(fat), { offset: 1024, size: fat.byteLength }),
      (e) => isOrchError(e, 'CORRUPT_DATA') && /lies outside the 8388608-byte image/.test(e.message),
    );
  });
});
