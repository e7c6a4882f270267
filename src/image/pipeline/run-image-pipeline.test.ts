import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { isOrchError, OrchError } from '../../core/errors/index.js';
import type { Extent } from '../extent.js';
import { createGpt } from '../gpt/gpt-create.js';
import { PARTITION_TYPES } from '../gpt/partition-types.js';
import type { ProgressEvent } from '../progress/progress-event.js';
import type { ImageSource } from '../source/image-source.js';
import { createDiscardSink } from './discard-sink.js';
import type { HostedTap } from './hosted-tap.js';
import { craftQcow2 } from '../../../test/image/qcow2/qcow2-crafter.js';
import { runImagePipeline } from './run-image-pipeline.js';

const MIB = 1024 * 1024;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A 4 MiB raw GPT disk: partition table, then random data at 1 MiB and 3 MiB, zeros elsewhere. */
function rawDisk(): Buffer {
  const disk = Buffer.alloc(4 * MIB);
  const gpt = createGpt({
    diskSize: disk.byteLength,
    partitions: [{ name: 'rootfs', typeGuid: PARTITION_TYPES.linuxFilesystem.guid, sizeBytes: 2 * MIB }],
  });
  disk.set(gpt.primary, 0);
  disk.set(gpt.backup, gpt.backupOffset);
  randomBytes(300 * 1024).copy(disk, MIB);
  randomBytes(1000).copy(disk, 3 * MIB);
  return disk;
}

/** An in-memory source: the hosted bytes in 64 KiB chunks, optionally failing after some bytes. */
function memorySource(hosted: Uint8Array, failAfter?: { bytes: number; error: Error }): ImageSource {
  return {
    stream() {
      async function* chunks(): AsyncGenerator<Uint8Array> {
        for (let at = 0; at < hosted.byteLength; at += 64 * 1024) {
          if (failAfter && at >= failAfter.bytes) throw failAfter.error;
          yield hosted.subarray(at, at + 64 * 1024);
        }
      }
      return Readable.from(chunks(), { objectMode: false });
    },
    readRange: async (start, length) => hosted.slice(start, start + length),
    size: async () => hosted.byteLength,
    stats: { resumes: 0, restarts: 0, bytesReceived: 0 },
  };
}

/** A hosted tap that keeps copies of the chunks and logs its calls (with the sink's, in `log`). */
function recordingTap(log: string[], failAt?: { bytes: number; error: Error }) {
  const chunks: Buffer[] = [];
  let bytes = 0;
  const tap: HostedTap & { chunks: Buffer[]; aborted?: unknown } = {
    chunks,
    async write(chunk) {
      if (failAt && bytes + chunk.byteLength > failAt.bytes) throw failAt.error;
      bytes += chunk.byteLength;
      chunks.push(Buffer.from(chunk));
    },
    async commit(summary) {
      log.push(`tap.commit ${summary.hostedBytes} ${summary.sha256}`);
    },
    async abort(reason) {
      log.push(`tap.abort ${isOrchError(reason) ? reason.code : 'not an OrchError'}`);
      tap.aborted = reason;
    },
  };
  return tap;
}

/** A discard sink whose commit and abort are logged into `log`. */
function loggedSink(log: string[]) {
  const sink = createDiscardSink();
  return {
    sink,
    watched: {
      ...sink,
      commit: () => (log.push('sink.commit'), sink.commit()),
      abort: (reason: unknown) => (log.push('sink.abort'), sink.abort(reason)),
    },
  };
}

function rebuild(extents: readonly Extent[]): Buffer {
  return Buffer.concat(
    extents.map((e) => (e.kind === 'data' ? Buffer.from(e.data) : Buffer.alloc(e.length))),
  );
}

describe('runImagePipeline (in-memory source)', () => {
  const raw = rawDisk();
  const gz = gzipSync(raw);

  for (const [name, hosted, chain] of [
    ['raw', raw, ['raw']],
    ['gzip raw', gz, ['gzip', 'raw']],
  ] as const) {
    test(`${name}: the sink receives the raw disk, holes for zeros, and commit is called`, async () => {
      const extents: Extent[] = [];
      const sink = createDiscardSink(
        (e) => void extents.push(e.kind === 'data' ? { ...e, data: e.data.slice() } : e),
      );
      const result = await runImagePipeline({
        source: memorySource(hosted),
        expectedSha256: sha256(hosted),
        sink,
        rawSha256: true,
      });
      assert.deepEqual(result.formatChain, chain);
      assert.equal(result.sha256, sha256(hosted));
      assert.equal(result.rawSha256, sha256(raw));
      assert.equal(result.hostedBytes, hosted.byteLength);
      assert.equal(result.virtualSize, raw.byteLength);
      assert.equal(result.bytesWritten + result.bytesSkipped, raw.byteLength);
      assert.ok(result.bytesSkipped >= 2 * MIB, `skipped ${result.bytesSkipped}`);
      assert.equal(result.sinkReport.imageSize, raw.byteLength);
      assert.ok(rebuild(extents).equals(raw));
      assert.equal(sink.aborted, undefined);
    });
  }

  test('an upper-case expected digest passes', async () => {
    const result = await runImagePipeline({
      source: memorySource(gz),
      expectedSha256: sha256(gz).toUpperCase(),
      sink: createDiscardSink(),
    });
    assert.equal(result.sha256, sha256(gz));
  });

  test('a wrong digest aborts the sink (never commits) with CHECKSUM_MISMATCH naming both digests', async () => {
    let committed = false;
    const sink = createDiscardSink();
    const watched = { ...sink, commit: () => ((committed = true), sink.commit()), abort: sink.abort };
    const wrong = 'a'.repeat(64);
    await assert.rejects(
      runImagePipeline({ source: memorySource(gz), expectedSha256: wrong, sink: watched }),
      (error) => {
        assert.ok(isOrchError(error, 'CHECKSUM_MISMATCH'));
        assert.match(error.message, new RegExp(`${wrong}.*${sha256(gz)}`));
        assert.deepEqual(error.details, { expected: wrong, actual: sha256(gz), bytes: gz.byteLength });
        return true;
      },
    );
    assert.equal(committed, false);
    assert.ok(isOrchError(sink.aborted, 'CHECKSUM_MISMATCH'));
  });

  test('a declared format that contradicts the content fails before any write', async () => {
    const sink = createDiscardSink(() => assert.fail('nothing may be written'));
    const run = runImagePipeline({
      source: memorySource(gz),
      expectedSha256: sha256(gz),
      sink,
      declared: { format: 'qcow2' },
    });
    await assert.rejects(
      run,
      (error) => isOrchError(error, 'FORMAT_MISMATCH') && /gzip > raw/.test(error.message),
    );
    assert.ok(isOrchError(sink.aborted, 'FORMAT_MISMATCH'));
  });

  test('unsupported content (a zip) fails before any write, naming it', async () => {
    const zip = Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(1000)]);
    const sink = createDiscardSink(() => assert.fail('nothing may be written'));
    await assert.rejects(
      runImagePipeline({ source: memorySource(zip), expectedSha256: sha256(zip), sink }),
      (error) => isOrchError(error, 'UNSUPPORTED_FORMAT') && /zip archive/.test(error.message),
    );
  });

  test('a compressed stream inside a compressed stream is refused', async () => {
    const twice = gzipSync(gz);
    await assert.rejects(
      runImagePipeline({
        source: memorySource(twice),
        expectedSha256: sha256(twice),
        sink: createDiscardSink(),
      }),
      (error) => isOrchError(error, 'UNSUPPORTED_FORMAT') && /gzip inside gzip/.test(error.message),
    );
  });

  test('a source error reaches the caller unchanged and the sink is aborted', async () => {
    const failure = new OrchError('TLS_UNTRUSTED', 'certificate not trusted');
    const sink = createDiscardSink();
    await assert.rejects(
      runImagePipeline({
        source: memorySource(gz, { bytes: 128 * 1024, error: failure }),
        expectedSha256: sha256(gz),
        sink,
      }),
      (error) => error === failure,
    );
    assert.equal(sink.aborted, failure);
  });

  test('cancelling ends with ABORTED and aborts the sink', async () => {
    const controller = new AbortController();
    const sink = createDiscardSink(() => controller.abort());
    await assert.rejects(
      runImagePipeline({
        source: memorySource(raw),
        expectedSha256: sha256(raw),
        sink,
        signal: controller.signal,
      }),
      (error) => isOrchError(error, 'ABORTED'),
    );
    assert.ok(isOrchError(sink.aborted, 'ABORTED'));
  });

  test('a target smaller than an uncompressed raw image fails before any write', async () => {
    const sink = { ...createDiscardSink(() => assert.fail('nothing may be written')), targetSize: MIB };
    await assert.rejects(
      runImagePipeline({ source: memorySource(raw), expectedSha256: sha256(raw), sink }),
      (error) => isOrchError(error, 'TARGET_TOO_SMALL'),
    );
  });

  test('progress: stages in order, counts monotonic, last event done with every byte', async () => {
    const events: ProgressEvent[] = [];
    let t = 0;
    await runImagePipeline({
      source: memorySource(gz),
      expectedSha256: sha256(gz),
      sink: createDiscardSink(),
      onProgress: (e) => events.push(e),
      now: () => (t += 5),
    });
    const stages = [...new Set(events.map((e) => e.stage))];
    assert.deepEqual(stages, ['connecting', 'downloading', 'writing', 'verifying', 'committing', 'done']);
    for (let i = 1; i < events.length; i++) {
      assert.ok(events[i]!.bytesDownloaded >= events[i - 1]!.bytesDownloaded);
      assert.ok(events[i]!.bytesWritten >= events[i - 1]!.bytesWritten);
    }
    assert.equal(events.at(-1)?.bytesDownloaded, gz.byteLength);
    assert.equal(events.at(-1)?.bytesWritten, raw.byteLength);
    assert.equal(events.at(-1)?.total, gz.byteLength);
  });

  test('a hosted tap gets the hosted file exactly, committed with its digest before the sink', async () => {
    const log: string[] = [];
    const tap = recordingTap(log);
    const { watched } = loggedSink(log);
    const result = await runImagePipeline({
      source: memorySource(gz),
      expectedSha256: sha256(gz),
      sink: watched,
      hostedTap: tap,
    });
    assert.ok(Buffer.concat(tap.chunks).equals(gz), 'the tap holds the gzip file as hosted');
    assert.deepEqual(log, [`tap.commit ${gz.byteLength} ${sha256(gz)}`, 'sink.commit']);
    assert.deepEqual(result.formatChain, ['gzip', 'raw']);
  });

  test('a qcow2 followed by bytes it never reads still gives the tap every hosted byte', async () => {
    // The qcow2 reader stops after its last cluster; the trailing bytes must still reach the tap,
    // as they reach the hash: a copy without them would fail its own checksum.
    const log: string[] = [];
    const tap = recordingTap(log);
    const clusters = new Map([[1, randomBytes(64 * 1024)]]);
    const qcow2 = craftQcow2({ clusterBits: 16, virtualSize: 4 * MIB, clusters, layout: 'tables-first' });
    const hosted = Buffer.concat([qcow2, randomBytes(200 * 1024)]);
    const result = await runImagePipeline({
      source: memorySource(hosted),
      expectedSha256: sha256(hosted),
      sink: createDiscardSink(),
      hostedTap: tap,
    });
    assert.deepEqual(result.formatChain, ['qcow2']);
    assert.ok(Buffer.concat(tap.chunks).equals(hosted));
  });

  test('a wrong digest aborts the tap and the sink; neither is committed', async () => {
    const log: string[] = [];
    const tap = recordingTap(log);
    const { watched } = loggedSink(log);
    await assert.rejects(
      runImagePipeline({
        source: memorySource(gz),
        expectedSha256: 'b'.repeat(64),
        sink: watched,
        hostedTap: tap,
      }),
      (error) => isOrchError(error, 'CHECKSUM_MISMATCH'),
    );
    assert.deepEqual(log, ['sink.abort', 'tap.abort CHECKSUM_MISMATCH']);
  });

  test('a failing tap fails the run with its error and aborts the sink', async () => {
    const log: string[] = [];
    const failure = new OrchError('TARGET_IO', 'cache disk full');
    const tap = recordingTap(log, { bytes: 100 * 1024, error: failure });
    const { sink, watched } = loggedSink(log);
    await assert.rejects(
      runImagePipeline({
        source: memorySource(gz),
        expectedSha256: sha256(gz),
        sink: watched,
        hostedTap: tap,
      }),
      (error) => error === failure,
    );
    assert.equal(sink.aborted, failure);
    assert.deepEqual(log, ['sink.abort', 'tap.abort TARGET_IO']);
    assert.ok(Buffer.concat(tap.chunks).byteLength <= 100 * 1024);
  });
});
