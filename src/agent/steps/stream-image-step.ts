/**
 * Step 3: the OS image onto the disk through the image engine: HTTPS with the profile's certificate
 * as the only trust anchor, decompression and qcow2 detected from the content, sparse writes, and
 * commit-last: the partition table is written only after the sha256 matched (a mismatch leaves no
 * valid GPT at either end), with the backup GPT moved to the end of the disk. Progress is hosted
 * bytes of the hosted total.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';
import { createImageSource, openDiskSink, redactUrl, runImagePipeline } from '../../image/index.js';
import { checkEmtDiskSize } from './emt-layout-plan.js';
import { nullableNumber, paramsObject, stringField } from './step-params.js';
import { outcomeOf, type StepExecutor } from './step-executor.js';

const KIND = 'stream-image';

export const streamImageStep: StepExecutor<'stream-image'> = {
  kind: KIND,
  parse(params) {
    const p = paramsObject(KIND, params);
    return {
      url: stringField(KIND, p, 'url', /^https?:\/\//),
      sha256: stringField(KIND, p, 'sha256', /^[0-9a-fA-F]{64}$/),
      tlsCaCert: stringField(KIND, p, 'tlsCaCert'),
      expectedDiskBytes: nullableNumber(KIND, p, 'expectedDiskBytes', 0),
    };
  },
  run: (ctx, params, signal) =>
    outcomeOf(async () => {
      if (params.expectedDiskBytes !== null && params.expectedDiskBytes > ctx.disk.size) {
        // Known before the first byte is fetched: nothing on the disk is touched.
        throw new OrchError(
          'TARGET_TOO_SMALL',
          `the image needs ${params.expectedDiskBytes} bytes but the disk ${ctx.disk.path} has ${ctx.disk.size}`,
          { details: { imageSize: params.expectedDiskBytes, targetSize: ctx.disk.size } },
        );
      }
      // The EMT layout's minimum is known now: refuse before a byte of the disk is written.
      if (ctx.plan.steps.some((s) => s.kind === 'emt-layout')) checkEmtDiskSize(ctx.disk.size);
      const source = createImageSource(params.url, {
        ...(params.tlsCaCert === '' ? {} : { caPem: params.tlsCaCert }),
        signal,
        ...(ctx.imageSource?.backoff ? { backoff: ctx.imageSource.backoff } : {}),
        ...(ctx.imageSource?.idleTimeoutMs ? { idleTimeoutMs: ctx.imageSource.idleTimeoutMs } : {}),
        onEvent: (event) => {
          if (event.kind !== 'response') ctx.log(`image source: ${event.kind} (${event.cause})`);
        },
      });
      const sink = await openDiskSink(ctx.disk.path, { signal });
      ctx.log(`streaming ${redactUrl(params.url)} to ${ctx.disk.path}`);
      const result = await runImagePipeline({
        source,
        sink,
        expectedSha256: params.sha256,
        signal,
        onProgress: (event) =>
          ctx.progress({
            bytesDone: event.bytesDownloaded,
            ...(event.total === undefined ? {} : { bytesTotal: event.total }),
            rate: Math.round(event.rate),
            detail: event.stage,
          }),
      });
      const moved = result.sinkReport.backupGptRelocated ? ', backup GPT moved to the end of the disk' : '';
      return `sha256 verified (${result.formatChain.join(' > ')}), ${result.virtualSize} bytes of disk image, ${result.bytesWritten} written${moved}`;
    }),
};
