/**
 * @module
 * One measured run of the image pipeline, in its own process so that its peak RSS is its own
 * (image-bench.ts compiles it to JavaScript first):
 * `node image-bench-run.mjs <url> <ca.pem> <sha256> <target> <targetSize>`.
 * Prints one JSON line: the pipeline result's numbers, this process's VmHWM and its own CPU seconds
 * (without its children: the bench measures the total, so the difference is the decoder's).
 */
import { readFileSync } from 'node:fs';
import { runImagePipeline } from '../../src/image/pipeline/run-image-pipeline.js';
import { openDiskSink } from '../../src/image/sink/disk-sink.js';
import { createImageSource } from '../../src/image/source/create-image-source.js';

const [url, caPath, sha256, target, targetSize] = process.argv.slice(2);
if (!url || !caPath || !sha256 || !target || !targetSize) {
  console.error('usage: image-bench-run.ts <url> <ca.pem> <sha256> <target> <targetSize>');
  process.exit(2);
}

/** Peak resident set size of this process, from /proc (kB -> bytes). */
function peakRss(): number {
  const line = readFileSync('/proc/self/status', 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
  return line ? Number(line[1]) * 1024 : Number.NaN;
}

const baselineRss = peakRss();
const source = createImageSource(url, { caPem: readFileSync(caPath, 'utf8') });
const sink = await openDiskSink(target, { fileSize: Number(targetSize) });
const result = await runImagePipeline({ source, sink, expectedSha256: sha256 });
const usage = process.resourceUsage();
console.log(
  JSON.stringify({
    formatChain: result.formatChain,
    decoder: result.decoder,
    durationMs: result.durationMs,
    hostedBytes: result.hostedBytes,
    bytesWritten: result.bytesWritten,
    bytesSkipped: result.bytesSkipped,
    baselineRss,
    peakRss: peakRss(),
    selfCpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
  }),
);
