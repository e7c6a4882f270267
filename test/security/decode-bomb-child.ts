// Child process of decoder-bombs.test.ts: decodes one file with the in-process decoders and
// prints what it cost as one JSON line. A process of its own so that its peak RSS is the decode's.
//   node --import tsx decode-bomb-child.ts '{"file":"...","compression":"zstd","maxImageBytes":N}'
// With `maxImageBytes` the file goes through the image pipeline (discard sink) under that cap; without
// it, through the decoder alone into a byte counter.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isOrchError } from '../../src/core/errors/index.js';
import type { Compression } from '../../src/image/codec/format-magic.js';
import { extentLength } from '../../src/image/extent.js';
import { createDecoderFactory, createDiscardSink, runImagePipeline } from '../../src/image/index.js';
import { openFileImageSource } from '../../src/image/source/file-image-source.js';

interface Args {
  readonly file: string;
  readonly compression: Compression;
  readonly maxImageBytes?: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const hosted = await readFile(args.file);
const decoders = createDecoderFactory({ prefer: 'in-process' });

const MIB = 1024 * 1024;
const baseline = process.memoryUsage.rss();
let sampledPeak = baseline;
/**
 * CPU time of this process's main thread (the event loop's), in ms, from /proc (Linux): a timer
 * firing late on a loaded machine may only have waited for a core; the main thread's own CPU time
 * over the gap says how long the event loop was actually held by work.
 */
const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux
function mainThreadCpuMs(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), from field 3: utime and stime are 14, 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
}

// A 20 ms timer: how late it fires, and how much main-thread CPU went by between two firings.
const TICK_MS = 20;
let last = performance.now();
let lastCpu = mainThreadCpuMs();
let worstLateMs = 0;
let worstHeldMs = 0;
let ticks = 0;
const timer = setInterval(() => {
  const now = performance.now();
  const cpu = mainThreadCpuMs();
  worstLateMs = Math.max(worstLateMs, now - last - TICK_MS);
  worstHeldMs = Math.max(worstHeldMs, cpu - lastCpu);
  last = now;
  lastCpu = cpu;
  ticks += 1;
  sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
}, TICK_MS);

const started = performance.now();
let decodedBytes = 0;
let outcome: { code: string; message: string } | { code: 'OK' };
try {
  if (args.maxImageBytes === undefined) {
    const decoder = decoders.create(args.compression);
    for await (const chunk of decoder.decode(openFileImageSource(args.file).stream()))
      decodedBytes += chunk.byteLength;
  } else {
    const sink = createDiscardSink((extent) => {
      decodedBytes = Math.max(decodedBytes, extent.offset + extentLength(extent));
    });
    await runImagePipeline({
      source: openFileImageSource(args.file),
      expectedSha256: createHash('sha256').update(hosted).digest('hex'),
      sink,
      decoders,
      limits: { maxImageBytes: args.maxImageBytes },
    });
  }
  outcome = { code: 'OK' };
} catch (error) {
  outcome = isOrchError(error)
    ? { code: error.code, message: error.message }
    : { code: 'THROWN', message: String(error) };
}
const ms = performance.now() - started;
clearInterval(timer);
worstLateMs = Math.max(worstLateMs, performance.now() - last - TICK_MS);
worstHeldMs = Math.max(worstHeldMs, mainThreadCpuMs() - lastCpu);
const maxRss = Math.max(sampledPeak, process.resourceUsage().maxRSS * 1024);
process.stdout.write(
  `${JSON.stringify({
    ...outcome,
    decodedBytes,
    ms: Math.round(ms),
    ticks,
    worstLateMs: Math.round(worstLateMs),
    worstHeldMs,
    baselineMiB: Math.round(baseline / MIB),
    rssGrowthMiB: Math.round((maxRss - baseline) / MIB),
  })}\n`,
);
