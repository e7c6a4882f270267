import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeFatDirectory, shortNameChecksum } from './fat-directory.js';

const short = (name: string, attr: number, cluster: number, size: number, ntCase = 0): Uint8Array => {
  const entry = new Uint8Array(32);
  entry.set(new TextEncoder().encode(name.padEnd(11)), 0);
  entry[11] = attr;
  entry[12] = ntCase;
  const view = new DataView(entry.buffer);
  view.setUint16(20, cluster >>> 16, true);
  view.setUint16(26, cluster & 0xffff, true);
  view.setUint32(28, size, true);
  return entry;
};

const longPart = (text: string, sequence: number, last: boolean, checksum: number): Uint8Array => {
  const entry = new Uint8Array(32).fill(0xff, 1);
  entry[0] = sequence | (last ? 0x40 : 0);
  entry[11] = 0x0f;
  entry[12] = 0;
  entry[13] = checksum;
  entry[26] = entry[27] = 0;
  const offsets = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];
  const view = new DataView(entry.buffer);
  offsets.forEach((offset, i) => {
    if (i < text.length) view.setUint16(offset, text.charCodeAt(i), true);
    else if (i === text.length) view.setUint16(offset, 0, true);
  });
  return entry;
};

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0) + 32);
  let at = 0;
  for (const part of parts) out.set(part, (at += part.byteLength) - part.byteLength);
  return out;
};

describe('decodeFatDirectory', () => {
  it('joins a long name of two parts whose checksum matches the short name', () => {
    const shortName = 'EDGEMI~1EFI';
    const sum = shortNameChecksum(new TextEncoder().encode(shortName));
    const name = 'Edge Microvisor.efi'; // 19 characters: parts of 13 and 6
    const bytes = concat(
      longPart(name.slice(13), 2, true, sum),
      longPart(name.slice(0, 13), 1, false, sum),
      short(shortName, 0x20, 0x12345, 99),
    );
    assert.deepEqual(decodeFatDirectory(bytes), [
      { name, isDirectory: false, isVolumeLabel: false, firstCluster: 0x12345, size: 99 },
    ]);
  });

  it('falls back to the 8.3 name when the checksum does not match, and honours NT lower-case bits', () => {
    const bytes = concat(longPart('ignored', 1, true, 0x00), short('README  TXT', 0x20, 3, 1, 0x18));
    assert.equal(decodeFatDirectory(bytes)[0]!.name, 'readme.txt');
  });

  it('skips deleted entries, marks directories and labels, stops at the end marker', () => {
    const deleted = short('GONE    TXT', 0x20, 4, 1);
    deleted[0] = 0xe5;
    const afterEnd = short('LATER   TXT', 0x20, 5, 1);
    const bytes = concat(
      deleted,
      short('MYVOLUME   ', 0x08, 0, 0),
      short('DIR', 0x10, 6, 0),
      new Uint8Array(32),
      afterEnd,
    );
    assert.deepEqual(
      decodeFatDirectory(bytes).map((e) => [e.name, e.isDirectory, e.isVolumeLabel]),
      [
        ['MYVOLUME', false, true],
        ['DIR', true, false],
      ],
    );
  });
});
