import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isOrchError } from '../../core/errors/index.js';
import { decodeQcow2Header, EXT_BACKING_FORMAT, EXT_FEATURE_NAMES, isQcow2 } from './qcow2-header.js';

/** A v3 header of 112 bytes in a 512-byte first cluster, with optional extensions. */
function v3Header(edit: (view: DataView, bytes: Uint8Array) => void = () => {}): Uint8Array {
  const bytes = new Uint8Array(512);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x514649fb);
  view.setUint32(4, 3);
  view.setUint32(20, 9);
  view.setBigUint64(24, 1n << 20n);
  view.setUint32(36, 32);
  view.setBigUint64(40, 1024n);
  view.setBigUint64(48, 512n);
  view.setUint32(56, 1);
  view.setUint32(96, 4);
  view.setUint32(100, 112);
  edit(view, bytes);
  return bytes;
}

function expectCode(fn: () => unknown, code: string, message: RegExp): void {
  assert.throws(fn, (error) => isOrchError(error) && error.code === code && message.test(error.message));
}

describe('isQcow2', () => {
  test('recognises the magic QFI\\xfb only', () => {
    assert.equal(isQcow2(Uint8Array.of(0x51, 0x46, 0x49, 0xfb, 0)), true);
    assert.equal(isQcow2(Uint8Array.of(0x51, 0x46, 0x49)), false);
    assert.equal(isQcow2(Uint8Array.of(0x1f, 0x8b, 0x08, 0x00)), false);
  });
});

describe('decodeQcow2Header', () => {
  test('decodes the v3 fields big-endian', () => {
    const header = decodeQcow2Header(v3Header());
    assert.equal(header.version, 3);
    assert.equal(header.clusterSize, 512);
    assert.equal(header.virtualSize, 2 ** 20);
    assert.equal(header.l1Size, 32);
    assert.equal(header.l1TableOffset, 1024);
    assert.equal(header.headerLength, 112);
    assert.equal(header.compressionType, 'zlib');
    assert.equal(header.incompatibleFeatures, 0n);
  });

  test('reads the compression type byte, the backing file name and the extensions', () => {
    const header = decodeQcow2Header(
      v3Header((view, bytes) => {
        view.setUint8(104, 1);
        view.setUint32(112, EXT_BACKING_FORMAT);
        view.setUint32(116, 5);
        bytes.set(new TextEncoder().encode('qcow2'), 120);
        view.setUint32(128, EXT_FEATURE_NAMES);
        view.setUint32(132, 48);
        bytes.set([0, 4, ...new TextEncoder().encode('extended L2 entries')], 136);
        view.setBigUint64(8, 400n);
        view.setUint32(16, 8);
        bytes.set(new TextEncoder().encode('base.img'), 400);
      }),
    );
    assert.equal(header.compressionType, 'zstd');
    assert.equal(header.backingFileName, 'base.img');
    assert.equal(header.extensions.backingFormat, 'qcow2');
    assert.deepEqual(header.extensions.featureNames, [{ type: 0, bit: 4, name: 'extended L2 entries' }]);
  });

  test('a v2 header ends at 72 bytes and has no feature bits', () => {
    const bytes = v3Header((view) => view.setUint32(4, 2));
    const header = decodeQcow2Header(bytes.subarray(0, 72));
    assert.equal(header.version, 2);
    assert.equal(header.headerLength, 72);
    assert.equal(header.refcountOrder, 4);
  });

  test('refuses bad magic, versions, cluster sizes, header lengths and compression types', () => {
    expectCode(() => decodeQcow2Header(new Uint8Array(512)), 'QCOW2_INVALID', /magic/);
    expectCode(
      () => decodeQcow2Header(v3Header((v) => v.setUint32(4, 1))),
      'QCOW2_UNSUPPORTED_FEATURE',
      /version 1/,
    );
    expectCode(
      () => decodeQcow2Header(v3Header((v) => v.setUint32(20, 22))),
      'QCOW2_INVALID',
      /cluster_bits 22/,
    );
    expectCode(
      () => decodeQcow2Header(v3Header((v) => v.setUint32(20, 8))),
      'QCOW2_INVALID',
      /cluster_bits 8/,
    );
    expectCode(
      () => decodeQcow2Header(v3Header((v) => v.setUint32(100, 100))),
      'QCOW2_INVALID',
      /header_length 100/,
    );
    expectCode(
      () => decodeQcow2Header(v3Header((v) => v.setUint8(104, 2))),
      'QCOW2_UNSUPPORTED_FEATURE',
      /compression type 2/,
    );
    expectCode(
      () => decodeQcow2Header(v3Header((v) => v.setBigUint64(24, 1n << 60n))),
      'QCOW2_INVALID',
      /size is out of range/,
    );
  });

  test('a header cut short is TRUNCATED; an extension overrunning the cluster is QCOW2_INVALID', () => {
    expectCode(
      () => decodeQcow2Header(v3Header().subarray(0, 100)),
      'TRUNCATED',
      /version 3 header needs 104 bytes/,
    );
    const overrun = v3Header((view) => {
      view.setUint32(112, 0x12345678);
      view.setUint32(116, 1000);
    });
    expectCode(() => decodeQcow2Header(overrun), 'QCOW2_INVALID', /extension 0x12345678 overruns/);
  });
});
