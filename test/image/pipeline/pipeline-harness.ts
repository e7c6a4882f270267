/**
 * @module
 * Shared pieces of the image pipeline integration tests: the disk image fixture, a loopback HTTPS
 * server with generated certificates, a run to a target file, and the checks on the result
 * (content against the source image, `sgdisk -v`).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createDecoderFactory, type DecoderPreference } from '../../../src/image/codec/decoder-factory.js';
import type { DeclaredFormat } from '../../../src/image/codec/declared-format.js';
import type { ProgressEvent } from '../../../src/image/progress/progress-event.js';
import { runImagePipeline } from '../../../src/image/pipeline/run-image-pipeline.js';
import type { PipelineResult } from '../../../src/image/pipeline/pipeline-result.js';
import { openDiskSink, type DiskSinkReport } from '../../../src/image/sink/disk-sink.js';
import { createImageSource } from '../../../src/image/source/create-image-source.js';
import { diskImageFixtures } from '../../fixtures/disk-image/disk-image-fixtures.js';
import {
  startImageServer,
  type ImageServer,
  type ServedFile,
} from '../../support/https-server/image-server.js';
import type { ServedContent } from '../../support/https-server/served-content.js';
import { loadTestCertificates } from '../../support/tls/test-certificates.js';

const run = promisify(execFile);
const MIB = 1024 * 1024;

/** The small disk image every pipeline test uses: GPT, 2 MiB FAT ESP, 8 MiB ext4 rootfs. */
export const TEST_DISK = { size: 12 * MIB, espSizeMiB: 2, rootfsSizeMiB: 8, zeroFraction: 0.6 } as const;

export const testFixtures = () => diskImageFixtures(TEST_DISK);

/** Starts an HTTPS server on 127.0.0.1 with the test CA's leaf certificate. */
export async function startServer(files: Readonly<Record<string, ServedContent | ServedFile>>): Promise<{
  server: ImageServer;
  caPem: string;
}> {
  const certs = await loadTestCertificates();
  const server = await startImageServer({ tls: { cert: certs.leaf.cert, key: certs.leaf.key }, files });
  return { server, caPem: certs.ca.cert };
}

/** What {@link runToTarget} needs. */
export interface TargetRun {
  readonly url: string;
  readonly caPem: string;
  readonly expectedSha256: string;
  readonly target: string;
  readonly targetSize: number;
  readonly prefer?: DecoderPreference;
  readonly declared?: DeclaredFormat;
  readonly onProgress?: (event: ProgressEvent) => void;
  readonly rawSha256?: boolean;
}

/** Runs the pipeline from an HTTPS URL to a disk sink on a regular file of `targetSize` bytes. */
export async function runToTarget(options: TargetRun): Promise<PipelineResult<DiskSinkReport>> {
  const source = createImageSource(options.url, {
    caPem: options.caPem,
    backoff: { sleep: async () => undefined },
    idleTimeoutMs: 10_000,
  });
  const sink = await openDiskSink(options.target, { fileSize: options.targetSize });
  return runImagePipeline({
    source,
    sink,
    expectedSha256: options.expectedSha256,
    decoders: createDecoderFactory({ prefer: options.prefer ?? 'fastest' }),
    ...(options.declared ? { declared: options.declared } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.rawSha256 ? { rawSha256: true } : {}),
  });
}

/** sha256 of bytes [start, end) of a file. */
export async function sha256OfRange(path: string, start: number, end: number): Promise<string> {
  const hash = createHash('sha256');
  if (end > start) {
    for await (const chunk of createReadStream(path, { start, end: end - 1, highWaterMark: MIB }))
      hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/**
 * True when `target` holds the raw image `reference` of `imageSize` bytes, except where writing it
 * to a larger disk must differ (as after `sgdisk -e`): the protective MBR's partition record (it
 * spans the disk), the primary GPT header (LBA 1: backup pointer, last usable LBA, CRC) and the
 * old backup GPT (the image's last 33 sectors, moved to the disk's end).
 */
export async function sameImageContent(
  target: string,
  reference: string,
  imageSize: number,
): Promise<boolean> {
  const backupStart = imageSize - 33 * 512;
  const ranges: [number, number][] = [
    [0, 446], // MBR boot code; the partition records and signature follow
    [1024, backupStart],
  ];
  for (const [start, end] of ranges) {
    if ((await sha256OfRange(target, start, end)) !== (await sha256OfRange(reference, start, end)))
      return false;
  }
  return true;
}

/** `sgdisk -v` output; a disk without a GPT makes sgdisk "create new GPT entries in memory". */
export async function sgdiskVerify(
  path: string,
): Promise<{ clean: boolean; hasGpt: boolean; output: string }> {
  await access(path); // sgdisk reports a missing file as a damaged GPT
  const { stdout, stderr } = await run('sgdisk', ['-v', path]).catch(
    (error: { stdout: string; stderr: string }) => error,
  );
  const output = `${stdout}${stderr}`;
  return {
    output,
    hasGpt: !/Creating new GPT entries/.test(output),
    clean: /No problems found/.test(output) && !/Problem:|Warning/i.test(output),
  };
}

/** `qemu-img convert -O raw` of a hosted file: the oracle for our decoded output. */
export async function qemuImgRaw(input: string, output: string): Promise<void> {
  await run('qemu-img', ['convert', '-O', 'raw', input, output]);
}
