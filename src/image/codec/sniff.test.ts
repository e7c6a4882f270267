import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isOrchError } from '../../core/errors/index.js';
import { checkDeclaredFormat } from './declared-format.js';
import { SNIFF_HEAD_BYTES } from './format-magic.js';
import { formatChainText, sniff } from './sniff.js';

/** A zeroed head of sniffing size with `bytes` written at `offset`. */
function head(offset: number, bytes: ArrayLike<number> | string, size = SNIFF_HEAD_BYTES): Uint8Array {
  const out = new Uint8Array(size);
  out.set(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes, offset);
  return out;
}

function unsupported(input: Uint8Array, found: string, words: RegExp, within?: string[]): void {
  assert.throws(
    () => sniff(input, { within }),
    (error) => {
      assert.ok(isOrchError(error, 'UNSUPPORTED_FORMAT'));
      assert.equal(error.details?.found, found);
      assert.match(error.message, words);
      return true;
    },
  );
}

describe('sniff: supported layers', () => {
  const cases: [string, Uint8Array, unknown][] = [
    ['gzip', head(0, [0x1f, 0x8b, 8]), { kind: 'compression', name: 'gzip' }],
    ['bzip2', head(0, 'BZh9'), { kind: 'compression', name: 'bzip2' }],
    ['xz', head(0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), { kind: 'compression', name: 'xz' }],
    ['zstd frame', head(0, [0x28, 0xb5, 0x2f, 0xfd]), { kind: 'compression', name: 'zstd' }],
    ['zstd skippable frame', head(0, [0x5e, 0x2a, 0x4d, 0x18]), { kind: 'compression', name: 'zstd' }],
    ['qcow2', head(0, 'QFI\xfb\0\0\0\x03'), { kind: 'image', name: 'qcow2' }],
    ['GPT, 512-byte sectors', head(512, 'EFI PART'), { kind: 'image', name: 'raw', partitionTable: 'gpt' }],
    ['GPT, 4096-byte sectors', head(4096, 'EFI PART'), { kind: 'image', name: 'raw', partitionTable: 'gpt' }],
    ['MBR', head(510, [0x55, 0xaa]), { kind: 'image', name: 'raw', partitionTable: 'mbr' }],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => assert.deepEqual(sniff(input), expected));
  }

  test('a head shorter than the sniff size still detects (small files)', () => {
    assert.deepEqual(sniff(head(0, [0x1f, 0x8b], 20)), { kind: 'compression', name: 'gzip' });
  });

  test('BZh without a block-size digit is not bzip2', () => {
    unsupported(head(0, 'BZhx'), 'no-partition-table', /no partition table|without a partition table/);
  });
});

describe('sniff: unsupported formats are named', () => {
  const mbr = head(510, [0x55, 0xaa]);
  const isohybrid = Uint8Array.from(mbr);
  isohybrid.set(Buffer.from('CD001'), 0x8001);
  const cases: [string, Uint8Array, string, RegExp][] = [
    ['ISO 9660 (even with a hybrid MBR)', isohybrid, 'iso9660', /ISO 9660/],
    ['VMDK sparse', head(0, 'KDMV'), 'vmdk', /VMDK sparse/],
    ['VMDK descriptor', head(0, '# Disk DescriptorFile\n'), 'vmdk', /VMDK descriptor/],
    ['VHD', head(0, 'conectix'), 'vhd', /VHD dynamic disk/],
    ['VHDX', head(0, 'vhdxfile'), 'vhdx', /VHDX/],
    ['zip', head(0, 'PK\x03\x04'), 'zip', /zip archive/],
    ['tar', head(257, 'ustar\x0000'), 'tar', /tar archive/],
    ['lz4', head(0, [0x04, 0x22, 0x4d, 0x18]), 'lz4', /lz4/],
    [
      'HTML page',
      Buffer.from('<!DOCTYPE html><html><body>403 Forbidden</body></html>'),
      'html',
      /^(?!.*403).*web page \(HTML\), not an image/,
    ],
    ['lower-case html', Buffer.from('\n  <html><head><title>Error'), 'html', /web page/],
    [
      'plain text error body',
      Buffer.from('AccessDenied: request has expired\n'),
      'text',
      /^(?!.*AccessDenied).*a text file or a web page, not a disk image/,
    ],
    // What answered the URL may be a secret (an internal service's config): its bytes are never echoed.
    [
      'a secret-looking text body',
      Buffer.from('db_password=hunter2\n'),
      'text',
      /^(?!.*(db_password|hunter2))/,
    ],
    ['empty file', new Uint8Array(0), 'empty', /empty file/],
    [
      'raw data without a partition table',
      head(0, [1, 2, 3, 0]),
      'no-partition-table',
      /without a partition table/,
    ],
  ];
  for (const [name, input, found, words] of cases) {
    test(name, () => unsupported(input, found, words));
  }

  test('the message says what the unsupported thing was inside', () => {
    unsupported(head(0, 'PK\x03\x04'), 'zip', /inside gzip: found a zip archive/, ['gzip']);
  });
});

describe('format chain and declarations', () => {
  test('renders a chain as "gzip > qcow2"', () => {
    assert.equal(formatChainText(['gzip', 'qcow2']), 'gzip > qcow2');
    assert.equal(formatChainText(['raw']), 'raw');
  });

  test('a matching or partial declaration passes', () => {
    checkDeclaredFormat(undefined, ['qcow2']);
    checkDeclaredFormat({ format: 'qcow2', compression: 'gzip' }, ['gzip', 'qcow2']);
    checkDeclaredFormat({ compression: 'none' }, ['raw']);
    checkDeclaredFormat({ format: 'raw' }, ['zstd', 'raw']);
  });

  const mismatches: [string, Parameters<typeof checkDeclaredFormat>[0], string[], RegExp][] = [
    [
      'raw declared, qcow2 found',
      { format: 'raw' },
      ['gzip', 'qcow2'],
      /format declared raw, content is qcow2/,
    ],
    [
      'gzip declared, zstd found',
      { compression: 'gzip' },
      ['zstd', 'raw'],
      /compression declared gzip, content is zstd/,
    ],
    [
      'uncompressed declared, xz found',
      { compression: 'none' },
      ['xz', 'raw'],
      /declared none, content is xz/,
    ],
    ['xz declared, nothing found', { compression: 'xz' }, ['qcow2'], /declared xz, content is none/],
  ];
  for (const [name, declared, chain, words] of mismatches) {
    test(`FORMAT_MISMATCH: ${name}`, () => {
      assert.throws(
        () => checkDeclaredFormat(declared, chain),
        (error) => {
          assert.ok(isOrchError(error, 'FORMAT_MISMATCH'));
          assert.match(error.message, words);
          assert.deepEqual(error.details?.detected, chain);
          return true;
        },
      );
    });
  }
});
