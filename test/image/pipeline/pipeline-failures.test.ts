import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isOrchError } from '../../../src/core/errors/index.js';
import type { ErrorCode } from '../../../src/core/errors/index.js';
import type { FixtureFile } from '../../fixtures/disk-image/disk-image-fixtures.js';
import type { ImageServer } from '../../support/https-server/image-server.js';
import {
  runToTarget,
  sgdiskVerify,
  sha256OfRange,
  startServer,
  testFixtures,
  TEST_DISK,
  type TargetRun,
} from './pipeline-harness.js';

const run = promisify(execFile);
const MIB = 1024 * 1024;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A fake but faithful ISO 9660 head: a primary volume descriptor at sector 16. */
function isoImage(): Buffer {
  const iso = Buffer.alloc(64 * 1024);
  iso.set([0x01, ...Buffer.from('CD001'), 0x01], 0x8000);
  return iso;
}

/** A zip local file header for one stored file. */
function zipFile(): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt32LE(5, 18);
  header.writeUInt32LE(5, 22);
  header.writeUInt16LE(8, 26);
  return Buffer.concat([header, Buffer.from('disk.rawhello')]);
}

const HTML_ERROR = Buffer.from(
  '<!DOCTYPE html>\n<html><head><title>Access denied</title></head><body>Request has expired</body></html>\n',
);

describe('image pipeline over HTTPS: refusals and failures', () => {
  let dir: string;
  let server: ImageServer;
  let caPem: string;
  const served = new Map<string, Uint8Array | FixtureFile>();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edge-orch-failures-'));
    const fixtures = testFixtures();
    const raw = await fixtures.raw();
    await run('qemu-img', ['convert', '-f', 'raw', '-O', 'vmdk', raw.path, join(dir, 'disk.vmdk')]);
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', join(dir, 'base.qcow2'), '16M']);
    await run('qemu-img', [
      'create',
      '-q',
      '-f',
      'qcow2',
      '-b',
      join(dir, 'base.qcow2'),
      '-F',
      'qcow2',
      join(dir, 'overlay.qcow2'),
    ]);
    served.set('/disk.iso', isoImage());
    served.set('/disk.vmdk', await readFile(join(dir, 'disk.vmdk')));
    served.set('/disk.zip', zipFile());
    served.set('/error.html', HTML_ERROR);
    served.set('/overlay.qcow2', await readFile(join(dir, 'overlay.qcow2')));
    for (const encoding of ['raw.gz', 'raw.bz2', 'raw.xz', 'raw.zst', 'qcow2.gz'] as const) {
      const whole = await readFile((await fixtures.encoded(encoding)).path);
      served.set(`/${encoding}`, await fixtures.encoded(encoding));
      served.set(`/truncated/${encoding}`, whole.subarray(0, Math.floor(whole.byteLength * 0.6)));
      const damaged = Buffer.from(whole);
      damaged.fill(0x55, Math.floor(whole.byteLength / 3), Math.floor(whole.byteLength / 3) + 4096);
      served.set(`/corrupt/${encoding}`, damaged);
    }
    const files = Object.fromEntries(
      [...served].map(([path, content]) => [
        path,
        content instanceof Uint8Array ? content : { file: content.path },
      ]),
    );
    ({ server, caPem } = await startServer(files));
  });

  after(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const digestOf = (path: string): string => {
    const content = served.get(path)!;
    return content instanceof Uint8Array ? sha256(content) : content.sha256;
  };

  /** A target that holds a bootable old disk (the fixture, its backup GPT moved to the end). */
  const oldDisk = async (): Promise<string> => {
    const target = join(dir, `target-${Math.random().toString(36).slice(2)}.img`);
    await copyFile((await testFixtures().raw()).path, target);
    await truncate(target, TEST_DISK.size + 4 * MIB);
    await run('sgdisk', ['-e', target]);
    assert.ok((await sgdiskVerify(target)).clean, 'the old disk starts valid');
    return target;
  };

  /**
   * Runs over an old disk and expects `code`. A refusal before the first write leaves the disk
   * untouched; a failure once writing began leaves no valid GPT (nothing half-written can boot);
   * a failure mid-transfer may be either, depending on whether the first MiB had arrived.
   */
  const expectFailure = async (
    path: string,
    code: ErrorCode | readonly ErrorCode[],
    extra: Partial<TargetRun> = {},
    left: 'untouched' | 'no-gpt' | 'either' = 'no-gpt',
  ) => {
    const target = await oldDisk();
    const before = await sha256OfRange(target, 0, TEST_DISK.size + 4 * MIB);
    const codes = typeof code === 'string' ? [code] : code;
    let caught: unknown;
    try {
      await runToTarget({
        url: server.url(path),
        caPem,
        expectedSha256: digestOf(path),
        target,
        targetSize: TEST_DISK.size + 4 * MIB,
        ...extra,
      });
    } catch (error) {
      caught = error;
    }
    assert.ok(
      isOrchError(caught) && codes.includes(caught.code),
      `expected ${codes.join('|')}, got ${String(caught)}`,
    );
    const untouched = (await sha256OfRange(target, 0, TEST_DISK.size + 4 * MIB)) === before;
    if (left === 'untouched') {
      assert.ok(untouched, 'the disk was not touched');
    } else if (!(left === 'either' && untouched)) {
      const verdict = await sgdiskVerify(target);
      assert.equal(verdict.hasGpt, false, `no valid GPT may be left: ${verdict.output}`);
    }
    await rm(target, { force: true });
    return caught;
  };

  const unsupported: [string, RegExp][] = [
    ['/disk.iso', /ISO 9660/],
    ['/disk.vmdk', /VMDK sparse/],
    ['/disk.zip', /zip archive/],
    ['/error.html', /^(?!.*DOCTYPE).*web page \(HTML\), not an image/],
  ];
  for (const [path, words] of unsupported) {
    test(`UNSUPPORTED_FORMAT names what ${path} is`, async () => {
      const error = await expectFailure(path, 'UNSUPPORTED_FORMAT', {}, 'untouched');
      assert.match(error.message, words);
    });
  }

  test('a qcow2 with a backing file is refused end to end', async () => {
    const error = await expectFailure('/overlay.qcow2', 'QCOW2_BACKING_FILE', {}, 'untouched');
    assert.match(error.message, /backing/i);
  });

  test('FORMAT_MISMATCH: a qcow2.gz declared raw, an xz declared uncompressed', async () => {
    const first = await expectFailure(
      '/qcow2.gz',
      'FORMAT_MISMATCH',
      { declared: { format: 'raw' } },
      'untouched',
    );
    assert.match(first.message, /gzip > qcow2/);
    await expectFailure('/raw.xz', 'FORMAT_MISMATCH', { declared: { compression: 'none' } }, 'untouched');
  });

  test('CHECKSUM_MISMATCH names both digests and leaves no valid GPT', async () => {
    const wrong = '0'.repeat(64);
    const error = await expectFailure('/raw.zst', 'CHECKSUM_MISMATCH', { expectedSha256: wrong });
    assert.equal(error.details?.expected, wrong);
    assert.equal(error.details?.actual, digestOf('/raw.zst'));
    assert.ok(error.message.includes(wrong) && error.message.includes(digestOf('/raw.zst')));
  });

  test('the correct digest in upper case passes', async () => {
    const target = join(dir, 'upper.img');
    const result = await runToTarget({
      url: server.url('/raw.gz'),
      caPem,
      expectedSha256: digestOf('/raw.gz').toUpperCase(),
      target,
      targetSize: TEST_DISK.size,
    });
    assert.equal(result.sha256, digestOf('/raw.gz'));
    assert.ok((await sgdiskVerify(target)).clean);
    await rm(target);
  });

  for (const prefer of ['system', 'in-process'] as const) {
    for (const encoding of ['raw.gz', 'raw.bz2', 'raw.xz', 'raw.zst'] as const) {
      test(`${prefer} decoder: a truncated ${encoding} is TRUNCATED`, async () => {
        const error = await expectFailure(`/truncated/${encoding}`, 'TRUNCATED', { prefer }, 'either');
        assert.match(error.message, /ended before its end/);
      });

      test(`${prefer} decoder: a damaged ${encoding} is CORRUPT_DATA`, async () => {
        await expectFailure(`/corrupt/${encoding}`, 'CORRUPT_DATA', { prefer }, 'either');
      });
    }
  }
});
