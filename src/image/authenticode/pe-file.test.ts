import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOrchError } from '../../core/errors/index.js';
import { bufferSource } from '../fs/byte-source.js';
import { decodePe } from './pe-file.js';

/** A PE32+ header skeleton: MZ, e_lfanew 0x40, PE signature, COFF, a 240-byte optional header. */
function skeleton(): Uint8Array {
  const bytes = new Uint8Array(0x200);
  const view = new DataView(bytes.buffer);
  bytes.set([0x4d, 0x5a]);
  view.setUint32(0x3c, 0x40, true);
  bytes.set([0x50, 0x45, 0, 0], 0x40);
  view.setUint16(0x44 + 16, 240, true);
  view.setUint16(0x58, 0x20b, true);
  view.setUint32(0x58 + 60, 0x200, true); // SizeOfHeaders
  view.setUint32(0x58 + 108, 16, true); // NumberOfRvaAndSizes
  return bytes;
}

describe('decodePe', () => {
  it('locates the checksum and the security directory entry of a PE32+ header', async () => {
    const pe = await decodePe(bufferSource(skeleton()));
    assert.equal(pe.format, 'PE32+');
    assert.equal(pe.checksumOffset, 0x58 + 64);
    assert.equal(pe.certDirectoryOffset, 0x58 + 112 + 4 * 8);
    assert.equal(pe.certTable, undefined);
    assert.deepEqual(pe.sections, []);
  });

  it('has no security entry when NumberOfRvaAndSizes stops before it', async () => {
    const bytes = skeleton();
    new DataView(bytes.buffer).setUint32(0x58 + 108, 4, true);
    assert.equal((await decodePe(bufferSource(bytes))).certDirectoryOffset, undefined);
  });

  it('names a wrong optional header magic and a section past the end', async () => {
    const bytes = skeleton();
    new DataView(bytes.buffer).setUint16(0x58, 0x107, true);
    await assert.rejects(
      decodePe(bufferSource(bytes)),
      (e) =>
        isOrchError(e, 'CORRUPT_DATA') &&
        /magic 0x107 is neither PE32 \(0x10b\) nor PE32\+ \(0x20b\)/.test(e.message),
    );
    const withSection = skeleton();
    const view = new DataView(withSection.buffer);
    view.setUint16(0x44 + 2, 1, true);
    const header = 0x58 + 240;
    withSection.set(new TextEncoder().encode('.linux'), header);
    view.setUint32(header + 16, 0x1000, true);
    view.setUint32(header + 20, 0x200, true);
    await assert.rejects(
      decodePe(bufferSource(withSection)),
      /section \.linux \(512\+4096\) exceeds the file/,
    );
  });
});
