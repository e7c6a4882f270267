/**
 * @module
 * `npm run bench:image [-- --size 1G|4G] [--formats raw,gz,bz2,xz,zst,qcow2]`
 *
 * Builds a disk image (GPT, FAT ESP, ext4 rootfs, about 40 % zero blocks, the rest random bytes
 * mixed with text), serves each hosted form over HTTPS on loopback, and times our pipeline (in a
 * child process, whose peak RSS is read from /proc) against the shell pipeline an operator would
 * write: `curl | tee >(sha256sum) | <tool> -dc | dd of=TARGET bs=4M conv=fsync`, and for qcow2
 * `curl -o FILE; sha256sum FILE; qemu-img convert -O raw FILE TARGET; sync`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Table from 'cli-table3';
import { build } from 'esbuild';
import { buildDiskImage } from '../fixtures/disk-image/build-disk-image.js';
import { describeFile, type FixtureFile } from '../fixtures/disk-image/disk-image-fixtures.js';
import { encodeImage, type ImageEncoding } from '../fixtures/disk-image/encode-image.js';
import { startImageServer } from '../support/https-server/image-server.js';
import { loadTestCertificates } from '../support/tls/test-certificates.js';

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
  return { size, formats };
}

/**
 * Compiles the measured runner to one JavaScript file, so that the child runs compiled code as a
 * product does: through tsx it would carry the loader and its transform cache (about 40 MiB of
 * RSS before the first byte). esbuild ships with tsx. Packages stay external, and the output lives
 * under node_modules/.cache so that Node resolves them from the repository.
 */
async function compileRunner(): Promise<string> {
  const outfile = join(import.meta.dirname, '../../node_modules/.cache/edge-orch-bench/image-bench-run.mjs');
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

/** Runs a command, resolving with its stdout and the wall time in seconds. */
function timed(
  command: string,
  args: readonly string[],
  env?: NodeJS.ProcessEnv,
): Promise<{ seconds: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`${command} failed (${code}): ${stderr.trim()}`));
      else resolve({ seconds: (performance.now() - started) / 1000, stdout });
    });
  });
}

function baselineScript(format: Format): string {
  const tool = FORMATS[format].tool;
  if (format === 'qcow2') {
    return 'curl -sS --cacert "$CA" -o "$DL" "$URL" && sha256sum "$DL" >&2 && qemu-img convert -O raw "$DL" "$TARGET" && sync "$TARGET"';
  }
  const decode = tool ? ` | ${tool} -dc` : '';
  return `set -o pipefail; curl -sS --cacert "$CA" "$URL" | tee >(sha256sum >&2)${decode} | dd of="$TARGET" bs=4M conv=fsync status=none`;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const dir = await mkdtemp(join(tmpdir(), 'edge-orch-bench-'));
  try {
    const certs = await loadTestCertificates();
    const caPath = join(dir, 'ca.pem');
    await writeFile(caPath, certs.ca.cert);
    console.error(`building a ${options.size / GIB} GiB disk image in ${dir} ...`);
    const rootfsMiB = options.size / MIB - 64 - 4;
    const raw = await buildDiskImage(
      { size: options.size, espSizeMiB: 64, rootfsSizeMiB: rootfsMiB, zeroFraction: 0.4 },
      dir,
    );
    const hosted = new Map<Format, FixtureFile>();
    for (const format of options.formats) {
      console.error(`encoding ${format} ...`);
      hosted.set(format, await describeFile(await encodeImage(raw, FORMATS[format].encoding, dir)));
    }
    const files = Object.fromEntries(
      [...hosted].map(([format, file]) => [`/image.${format}`, { file: file.path }]),
    );
    const runner = await compileRunner();
    const server = await startImageServer({ tls: { cert: certs.leaf.cert, key: certs.leaf.key }, files });
    const table = new Table({
      style: { head: [], border: [] },
      head: [
        'format',
        'hosted MiB',
        'ours (s)',
        'of which pipeline (s)',
        'baseline (s)',
        'ours/baseline',
        'our peak RSS MiB',
        'RSS after start-up MiB',
        'decoder',
      ],
    });
    try {
      for (const [format, file] of hosted) {
        const url = server.url(`/image.${format}`);
        const target = join(dir, 'target.img');
        console.error(`running ${format} ...`);
        const ours = await timed(process.execPath, [
          runner,
          url,
          caPath,
          file.sha256,
          target,
          String(options.size),
        ]);
        const report = JSON.parse(ours.stdout.trim().split('\n').at(-1)!) as {
          peakRss: number;
          baselineRss: number;
          durationMs: number;
          decoder?: string;
        };
        await rm(target, { force: true });
        const env = { ...process.env, CA: caPath, URL: url, TARGET: target, DL: join(dir, 'download.bin') };
        const baseline = await timed('bash', ['-c', baselineScript(format)], env);
        await rm(target, { force: true });
        await rm(env.DL, { force: true });
        table.push([
          format,
          (file.size / MIB).toFixed(0),
          ours.seconds.toFixed(1),
          (report.durationMs / 1000).toFixed(1),
          baseline.seconds.toFixed(1),
          (ours.seconds / baseline.seconds).toFixed(2),
          (report.peakRss / MIB).toFixed(0),
          (report.baselineRss / MIB).toFixed(0),
          report.decoder ?? (format === 'qcow2' ? 'own qcow2 reader' : '-'),
        ]);
      }
    } finally {
      await server.close();
    }
    console.log(
      `image size ${options.size / GIB} GiB, 40 % zero blocks; 'ours' is the wall time of a fresh node process (start-up included)`,
    );
    console.log(table.toString());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
