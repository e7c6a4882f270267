/**
 * @module
 * `npm run bench:image [-- --size 1G|4G] [--formats raw,gz,bz2,xz,zst,qcow2] [--keep DIR]
 * [--cpu-prof DIR] [--no-baseline]`
 *
 * Builds a disk image (GPT, FAT ESP, ext4 rootfs, about 40 % zero blocks, the rest random bytes
 * mixed with text), serves each hosted form over HTTPS on loopback, and times our pipeline (in a
 * child process, whose peak RSS is read from /proc) against the shell pipeline an operator would
 * write: `curl | tee >(sha256sum) | <tool> -dc | dd of=TARGET bs=4M conv=fsync` (sha256sum on a FIFO,
 * so that its CPU time is counted), and for qcow2
 * `curl -o FILE; sha256sum FILE; qemu-img convert -O raw FILE TARGET; sync`. Each side is
 * measured in wall time and in CPU seconds (user + system, every child process included); the
 * HTTPS server runs in this process and is counted on neither side.
 *
 * `--keep DIR` builds into DIR and reuses what an earlier run left there (for quick iterations);
 * `--cpu-prof DIR` runs our side under `node --cpu-prof` and leaves the profiles in DIR; `--perf DIR`
 * under `perf record -g` (with `node --perf-basic-prof`), for where the CPU goes outside V8 too.
 * When the load average at the start is above the core count, wall-time ratios are not printed.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Table from 'cli-table3';
import { build } from 'esbuild';
import { buildDiskImage } from '../fixtures/disk-image/build-disk-image.js';
import { describeFile, type FixtureFile } from '../fixtures/disk-image/disk-image-fixtures.js';
import { encodeImage, type ImageEncoding } from '../fixtures/disk-image/encode-image.js';
import { startImageServer } from '../support/https-server/image-server.js';
import { loadTestCertificates } from '../support/tls/test-certificates.js';
import { machineLoad, measured } from './bench-process.js';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** Bench format -> fixture encoding and the baseline's decompressor. */
const FORMATS = {
  raw: { encoding: 'raw', tool: undefined },
  gz: { encoding: 'raw.gz', tool: 'gzip' },
  bz2: { encoding: 'raw.bz2', tool: 'bzip2' },
  xz: { encoding: 'raw.xz', tool: 'xz' },
  zst: { encoding: 'raw.zst', tool: 'zstd' },
  qcow2: { encoding: 'qcow2-v3', tool: undefined },
} as const satisfies Record<string, { encoding: ImageEncoding; tool: string | undefined }>;
type Format = keyof typeof FORMATS;

interface Options {
  readonly size: number;
  readonly formats: readonly Format[];
  /** Work folder kept between runs (built files are reused). */
  readonly keep: string | undefined;
  readonly cpuProf: string | undefined;
  readonly perf: string | undefined;
  readonly baseline: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const sizeText = value('--size') ?? '1G';
  const match = /^(\d+)([MG])$/i.exec(sizeText);
  if (!match) throw new Error(`--size must look like 1G or 512M, got ${sizeText}`);
  const size = Number(match[1]) * (match[2]!.toUpperCase() === 'G' ? GIB : MIB);
  const formats = (value('--formats') ?? Object.keys(FORMATS).join(',')).split(',') as Format[];
  for (const format of formats) if (!(format in FORMATS)) throw new Error(`unknown format ${format}`);
  const keep = value('--keep');
  const cpuProf = value('--cpu-prof');
  const perf = value('--perf');
  return {
    size,
    formats,
    keep: keep === undefined ? undefined : resolve(keep),
    cpuProf: cpuProf === undefined ? undefined : resolve(cpuProf),
    perf: perf === undefined ? undefined : resolve(perf),
    baseline: !argv.includes('--no-baseline'),
  };
}

/**
 * Compiles the measured runner to one JavaScript file, so that the child runs compiled code as a
 * product does: through tsx it would carry the loader and its transform cache (about 40 MiB of
 * RSS before the first byte). esbuild ships with tsx. Packages stay external, and the output lives
 * under node_modules/.cache so that Node resolves them from the repository.
 */
async function compileRunner(): Promise<string> {
  // One file per bench process: node_modules may be shared by several checkouts.
  const outfile = join(
    import.meta.dirname,
    `../../node_modules/.cache/edge-orch-bench/image-bench-run-${process.pid}.mjs`,
  );
  await build({
    entryPoints: [join(import.meta.dirname, 'image-bench-run.ts')],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return outfile;
}

function baselineScript(format: Format): string {
  const tool = FORMATS[format].tool;
  if (format === 'qcow2') {
    return 'curl -sS --cacert "$CA" -o "$DL" "$URL" && sha256sum "$DL" >&2 && qemu-img convert -O raw "$DL" "$TARGET" && sync "$TARGET"';
  }
  const decode = tool ? ` | ${tool} -dc` : '';
  // `tee >(sha256sum)` as typed: but bash forks the process substitution from the pipeline's tee
  // process, so sha256sum ends up a child of tee, is never waited for, and its CPU time (1.7 s for
  // 600 MiB) would be missing from the count. A FIFO makes it bash's own job, reaped by `wait`.
  return `set -o pipefail; mkfifo "$FIFO"; sha256sum < "$FIFO" >&2 & curl -sS --cacert "$CA" "$URL" | tee "$FIFO"${decode} | dd of="$TARGET" bs=4M conv=fsync status=none; rc=$?; wait; exit $rc`;
}

/** The raw image and its hosted forms, built in `dir` (or found there from an earlier --keep run). */
async function prepareFiles(options: Options, dir: string): Promise<Map<Format, FixtureFile>> {
  const tag = `${options.size / MIB}M`;
  const sized = join(dir, tag);
  await mkdir(sized, { recursive: true });
  const rawPath = join(sized, 'disk.raw');
  if (!existsSync(rawPath)) {
    console.error(`building a ${options.size / GIB} GiB disk image in ${sized} ...`);
    const rootfsMiB = options.size / MIB - 64 - 4;
    await buildDiskImage(
      { size: options.size, espSizeMiB: 64, rootfsSizeMiB: rootfsMiB, zeroFraction: 0.4 },
      sized,
    );
  }
  const hosted = new Map<Format, FixtureFile>();
  for (const format of options.formats) {
    const encoding: ImageEncoding = FORMATS[format].encoding;
    const encodedPath = join(sized, `disk.${encoding}`);
    if (!existsSync(encodedPath)) console.error(`encoding ${format} ...`);
    const path = existsSync(encodedPath) ? encodedPath : await encodeImage(rawPath, encoding, sized);
    hosted.set(format, await describeFile(path));
  }
  return hosted;
}

/** The runner's report line. */
interface RunReport {
  readonly peakRss: number;
  readonly baselineRss: number;
  readonly durationMs: number;
  readonly selfCpuSeconds: number;
  readonly decoder?: string;
}

const ratio = (ours: number, theirs: number): string => (ours / theirs).toFixed(2);

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const dir = options.keep ?? (await mkdtemp(join(tmpdir(), 'edge-orch-bench-')));
  await mkdir(dir, { recursive: true });
  const work = await mkdtemp(join(dir, 'run-'));
  try {
    const certs = await loadTestCertificates();
    const caPath = join(work, 'ca.pem');
    await writeFile(caPath, certs.ca.cert);
    const hosted = await prepareFiles(options, dir);
    const files = Object.fromEntries(
      [...hosted].map(([format, file]) => [`/image.${format}`, { file: file.path }]),
    );
    const runner = await compileRunner();
    const server = await startImageServer({ tls: { cert: certs.leaf.cert, key: certs.leaf.key }, files });
    const atStart = machineLoad();
    let busyRows = 0;
    const table = new Table({
      style: { head: [], border: [] },
      head: [
        'format',
        'hosted MiB',
        'ours wall (s)',
        'of which pipeline (s)',
        'baseline wall (s)',
        'wall ours/baseline',
        'ours CPU (s)',
        'of which decoder child (s)',
        'baseline CPU (s)',
        'CPU ours/baseline',
        'our peak RSS MiB',
        'RSS after start-up MiB',
        'load at start',
        'decoder',
      ],
    });
    try {
      for (const [format, file] of hosted) {
        const url = server.url(`/image.${format}`);
        const target = join(work, 'target.img');
        const loadAtStart = machineLoad().load;
        console.error(`running ${format} (load ${loadAtStart.toFixed(2)}) ...`);
        const profile = options.cpuProf
          ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProf}`, `--cpu-prof-name=ours-${format}.cpuprofile`]
          : [];
        const [command, ...prefix] = options.perf
          ? [
              'perf',
              'record',
              '-q',
              '-g',
              '-F',
              '499',
              '-o',
              join(options.perf, `perf-${format}.data`),
              process.execPath,
              '--perf-basic-prof',
            ]
          : [process.execPath];
        const ours = await measured(command!, [
          ...prefix,
          ...profile,
          runner,
          url,
          caPath,
          file.sha256,
          target,
          String(options.size),
        ]);
        const report = JSON.parse(ours.stdout.trim().split('\n').at(-1)!) as RunReport;
        await rm(target, { force: true });
        const env = {
          ...process.env,
          CA: caPath,
          URL: url,
          TARGET: target,
          DL: join(work, 'download.bin'),
          FIFO: join(work, 'sha256.fifo'),
        };
        const baseline = options.baseline
          ? await measured('bash', ['-c', baselineScript(format)], env)
          : undefined;
        await rm(target, { force: true });
        await rm(env.DL, { force: true });
        await rm(env.FIFO, { force: true });
        const quiet = loadAtStart <= atStart.cores;
        if (!quiet) busyRows++;
        table.push([
          format,
          (file.size / MIB).toFixed(0),
          ours.wallSeconds.toFixed(1),
          (report.durationMs / 1000).toFixed(1),
          baseline ? baseline.wallSeconds.toFixed(1) : '-',
          !baseline ? '-' : quiet ? ratio(ours.wallSeconds, baseline.wallSeconds) : 'n/a (load)',
          `${ours.cpuSeconds.toFixed(2)} (${ours.userSeconds.toFixed(2)}u ${ours.systemSeconds.toFixed(2)}s)`,
          (ours.cpuSeconds - report.selfCpuSeconds).toFixed(2),
          baseline
            ? `${baseline.cpuSeconds.toFixed(2)} (${baseline.userSeconds.toFixed(2)}u ${baseline.systemSeconds.toFixed(2)}s)`
            : '-',
          baseline ? ratio(ours.cpuSeconds, baseline.cpuSeconds) : '-',
          (report.peakRss / MIB).toFixed(0),
          (report.baselineRss / MIB).toFixed(0),
          loadAtStart.toFixed(2),
          report.decoder ?? (format === 'qcow2' ? 'own qcow2 reader' : '-'),
        ]);
      }
    } finally {
      await server.close();
      await rm(runner, { force: true });
    }
    const atEnd = machineLoad();
    console.log(
      `image size ${options.size / GIB} GiB, 40 % zero blocks; wall time of 'ours' is a fresh node process (start-up included); CPU = user + system of every process on that side, children included`,
    );
    console.log(
      `load average ${atStart.load.toFixed(2)} at start, ${atEnd.load.toFixed(2)} at end, ${atStart.cores} cores`,
    );
    if (busyRows > 0) {
      console.log(
        `THE MACHINE WAS BUSY: the load average was above the ${atStart.cores} cores when ${busyRows} row(s) started, so their wall-time ratio is not printed (CPU seconds still compare)`,
      );
    }
    console.log(table.toString());
  } finally {
    await rm(work, { recursive: true, force: true });
    if (!options.keep) await rm(dir, { recursive: true, force: true });
  }
}

await main();
