import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { deflateRawSync } from 'node:zlib';
import { isOrchError } from '../../core/errors/index.js';
import { inflateCluster } from './qcow2-cluster-inflate.js';

const CLUSTER = 4096;
const content = Uint8Array.from({ length: CLUSTER }, (_, i) => (i * 31) % 251);
const zstd = (data: Uint8Array) =>
  new Uint8Array(execFileSync('zstd', ['-q', '-c', '--no-check'], { input: data }));
const garbage = Uint8Array.from({ length: 300 }, (_, i) => (i * 7 + 3) & 0xff);
const concat = (a: Uint8Array, b: Uint8Array) => Uint8Array.from([...a, ...b]);
const at = { host: 65536, cutByEof: false };

function expectCode(fn: () => unknown, code: string, message: RegExp): void {
  assert.throws(fn, (e) => isOrchError(e) && e.code === code && message.test(e.message));
}

describe('inflateCluster', () => {
  test('zlib (raw deflate) followed by garbage up to the sector end', () => {
    assert.deepEqual(
      new Uint8Array(inflateCluster(concat(deflateRawSync(content), garbage), 'zlib', CLUSTER, at)),
      content,
    );
  });

  test('zstd frame followed by garbage up to the sector end', () => {
    assert.deepEqual(inflateCluster(concat(zstd(content), garbage), 'zstd', CLUSTER, at), content);
  });

  test('corrupt data is CORRUPT_DATA naming the offset; cut by the end of file it is TRUNCATED', () => {
    expectCode(
      () => inflateCluster(Uint8Array.of(0xff, 0xff, 0xff, 1, 2), 'zlib', CLUSTER, at),
      'CORRUPT_DATA',
      /zlib compressed cluster at offset 65536/,
    );
    expectCode(() => inflateCluster(garbage, 'zstd', CLUSTER, at), 'CORRUPT_DATA', /bad magic/);
    const cut = deflateRawSync(content).subarray(0, 20);
    expectCode(
      () => inflateCluster(cut, 'zlib', CLUSTER, { host: 1, cutByEof: true }),
      'TRUNCATED',
      /cannot be decompressed/,
    );
    expectCode(
      () => inflateCluster(zstd(content).subarray(0, 20), 'zstd', CLUSTER, { host: 1, cutByEof: true }),
      'TRUNCATED',
      /cut/,
    );
  });

  test('output shorter than the cluster is CORRUPT_DATA', () => {
    const short = deflateRawSync(content.subarray(0, 1000));
    expectCode(
      () => inflateCluster(short, 'zlib', CLUSTER, at),
      'CORRUPT_DATA',
      /decompresses to 1000 bytes, expected 4096/,
    );
  });

  test('output beyond the cluster is QCOW2_BOMB, for zlib and zstd', () => {
    const big = new Uint8Array(64 * CLUSTER);
    expectCode(
      () => inflateCluster(deflateRawSync(big), 'zlib', CLUSTER, at),
      'QCOW2_BOMB',
      /inflates beyond the cluster size of 4096/,
    );
    expectCode(
      () => inflateCluster(zstd(big), 'zstd', CLUSTER, at),
      'QCOW2_BOMB',
      /at offset 65536 inflates beyond/,
    );
  });
});
