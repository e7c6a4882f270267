import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOrchError } from '../../core/errors/index.js';
import { decodeExt4Directory } from './ext4-directory.js';
import { decodeExtentNode } from './ext4-extent.js';

const dirent = (inode: number, name: string, recLen: number, type: number): Uint8Array => {
  const bytes = new Uint8Array(recLen);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, inode, true);
  view.setUint16(4, recLen, true);
  bytes[6] = name.length;
  bytes[7] = type;
  bytes.set(new TextEncoder().encode(name), 8);
  return bytes;
};

describe('ext4 directory entries', () => {
  it('skips . .. and unused entries, maps file types', () => {
    const block = new Uint8Array(1024);
    block.set(dirent(2, '.', 12, 2), 0);
    block.set(dirent(2, '..', 12, 2), 12);
    block.set(dirent(12, 'os-release', 20, 7), 24);
    block.set(dirent(0, 'deleted', 20, 1), 44);
    block.set(dirent(13, 'bin', 1024 - 64, 1), 64);
    assert.deepEqual(decodeExt4Directory(block, 1024, true), [
      { inode: 12, name: 'os-release', type: 'symlink' },
      { inode: 13, name: 'bin', type: 'file' },
    ]);
  });

  it('refuses a record that crosses its block or cannot hold its name', () => {
    const block = new Uint8Array(1024);
    block.set(dirent(12, 'name', 12, 1), 0);
    block[6] = 9; // name_len 9 in a 12-byte record
    assert.throws(
      () => decodeExt4Directory(block, 1024, true),
      (e) => isOrchError(e, 'CORRUPT_DATA') && /byte 0 has rec_len 12 and name_len 9/.test(e.message),
    );
    const crossing = new Uint8Array(1024);
    crossing.set(dirent(12, 'x', 12, 1), 0);
    new DataView(crossing.buffer).setUint16(4, 2048, true);
    assert.throws(() => decodeExt4Directory(crossing, 1024, true), /rec_len 2048/);
  });
});

describe('ext4 extent nodes', () => {
  const header = (entries: number, max: number, depth: number): Uint8Array => {
    const bytes = new Uint8Array(60);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, 0xf30a, true);
    view.setUint16(2, entries, true);
    view.setUint16(4, max, true);
    view.setUint16(6, depth, true);
    return bytes;
  };

  it('decodes leaf extents with 48-bit starts and uninitialised lengths', () => {
    const bytes = header(1, 4, 0);
    const view = new DataView(bytes.buffer);
    view.setUint32(12, 7, true);
    view.setUint16(16, 32768 + 5, true);
    view.setUint16(18, 1, true);
    view.setUint32(20, 42, true);
    assert.deepEqual(decodeExtentNode(bytes, 'inode 12'), {
      depth: 0,
      extents: [{ fileBlock: 7, length: 5, diskBlock: 2 ** 32 + 42, uninitialized: true }],
    });
  });

  it('refuses a bad magic and more entries than fit', () => {
    assert.throws(
      () => decodeExtentNode(new Uint8Array(60), 'inode 12'),
      /extent header of inode 12 has magic 0x0/,
    );
    assert.throws(
      () => decodeExtentNode(header(5, 5, 0), 'inode 12'),
      /claims 5 entries at depth 0 in room for 4/,
    );
  });
});
