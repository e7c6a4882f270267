/**
 * `npm run demo`: edge-orch end to end on this machine, offline. orchd on SQLite in a temporary
 * folder; an HTTPS image server with a generated certificate serving an Ubuntu-like (qcow2.gz named
 * `.img`) and an EMT-like (raw.zst) image built by the test fixtures; the server certificate
 * captured with `openssl s_client`; two profiles created with the seed's `orch-cli os-profile create`
 * flags and `--wait`; two hosts registered; two en-agents on sparse file disks; their progress as
 * `orch-cli host watch --all` shows it until both are Provisioned; then what is on each disk.
 * `npm run demo -- --boot`: the images are the boot proof's bootable ones (signed under a db of our
 * own), and the demo ends by booting the EMT disk under UEFI Secure Boot (QEMU + OVMF) and showing
 * the serial console's lines. Everything it starts is stopped, the folder removed.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createOsImageFixtures } from '../fixtures/os-images/os-image-fixtures.js';
import { startImageServer } from '../support/https-server/image-server.js';
import { loadTestCertificates } from '../support/tls/test-certificates.js';
import { ext4File, readFatPartition, sgdiskCheck, tool } from '../agent/support/disk-oracles.js';
import { buildBootableImage } from '../fixtures/bootable/bootable-images.js';
import { describeFile } from '../fixtures/disk-image/disk-image-fixtures.js';
import { encodeImage } from '../fixtures/disk-image/encode-image.js';
import { missingBootProofParts } from '../support/boot/boot-proof-requirements.js';
import { openBootSession, type BootSession } from '../support/boot/boot-session.js';

const exec = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const started = Date.now();
const say = (line: string): void =>
  void process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}\n`);
const children: ChildProcess[] = [];
const BOOT = process.argv.slice(2).includes('--boot');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** Runs one of our programs through tsx; resolves with stdout. */
async function ours(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', join(ROOT, 'bin', bin), ...args], {
    env,
    cwd: ROOT,
    maxBuffer: 1 << 24,
  });
  return stdout;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'edge-orch-demo-'));
  const fixtures = createOsImageFixtures();
  try {
    let session: BootSession | undefined;
    let ubuntu: { path: string; sha256: string };
    let emt: { path: string; sha256: string };
    let keys: { ca: { cert: string } };
    if (BOOT) {
      const missing = await missingBootProofParts();
      if (missing.length > 0) throw new Error(`--boot needs ${missing.join(', ')}`);
      say(
        '--boot: building the bootable OS images (Debian kernel, signed loader and UKI; cached in .tmp/boot-proof)',
      );
      session = await openBootSession();
      const boot = session;
      const bootable = async (family: 'ubuntu' | 'emt') => {
        const work = join(dir, `build-${family}`);
        const raw = await buildBootableImage(boot.artefacts, family, work);
        return describeFile(await encodeImage(raw, family === 'ubuntu' ? 'qcow2.gz' : 'raw.zst', work));
      };
      [ubuntu, emt] = await Promise.all([bootable('ubuntu'), bootable('emt')]);
      keys = boot.artefacts.keys;
    } else {
      say('building the OS images (Ubuntu-like qcow2.gz, EMT-like raw.zst)');
      [ubuntu, emt] = await Promise.all([
        fixtures.image('ubuntu', 'qcow2.gz'),
        fixtures.image('emt', 'raw.zst'),
      ]);
      keys = await fixtures.keys();
    }
    const certs = await loadTestCertificates();
    const images = await startImageServer({
      tls: { cert: certs.selfSigned.cert, key: certs.selfSigned.key },
      files: {
        '/ubuntu-22.04.img': { content: { file: ubuntu.path } },
        '/emt-3.0.raw.zst': { content: { file: emt.path } },
      },
    });
    say(`image server: ${images.url('/')} (self-signed certificate)`);
    const { stdout: pem } = await exec('sh', [
      '-c',
      `openssl s_client -connect 127.0.0.1:${images.port} -showcerts </dev/null 2>/dev/null | openssl x509 -outform PEM`,
    ]);
    const TLS_CERT = Buffer.from(pem).toString('base64');
    say(`captured the server certificate with openssl s_client (${pem.length} bytes of PEM) into $TLS_CERT`);

    const port = await freePort();
    const database = `sqlite:${join(dir, 'orch.db')}`;
    const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), TLS_CERT };
    const orchd = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bin/orchd.ts'), 'serve', '--listen', `127.0.0.1:${port}`, '--database', database,
      '--scratch-dir', join(dir, 'scratch'), '--image-allow-cidrs', '127.0.0.0/8'], { env, cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] }); // prettier-ignore
    children.push(orchd);
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (
        await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 300) throw new Error('orchd did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    say(`orchd serving ${base} on ${database}`);
    const created = await ours(
      'orchd.ts',
      ['token', 'create', '--admin', '--name', 'demo', '--database', database],
      env,
    );
    const token = /ORCH_TOKEN=(\S+)/.exec(created)![1]!;
    await ours('orch-cli.ts', ['config', 'set', 'api-endpoint', base], env);
    await ours('orch-cli.ts', ['login', '--token', token], env);
    const sbCa = join(dir, 'sb-ca.pem');
    await writeFile(sbCa, keys.ca.cert);
    for (const [name, type, url, sha, profileName, version] of [
      [
        'Ubuntu 22.04 demo',
        'MUTABLE',
        images.url('/ubuntu-22.04.img'),
        ubuntu.sha256,
        'ubuntu-22.04-lts-custom',
        '22.04.5',
      ],
      [
        'EMT 3.0 demo',
        'IMMUTABLE',
        images.url('/emt-3.0.raw.zst'),
        emt.sha256,
        'microvisor-custom',
        '3.0.20261101.0100',
      ],
    ] as const) {
      say(
        `orch-cli os-profile create --name "${name}" --type ${type} --image-url ${url} --checksum ${sha.slice(0, 12)}… --os-version ${version} --security-feature NONE --tls-cert "$TLS_CERT" --wait`,
      );
      const out = await ours('orch-cli.ts', ['os-profile', 'create', '--name', name, '--type', type, '--image-url', url, '--checksum', sha,
        '--profile-name', profileName, '--os-version', version, '--security-feature', 'NONE', '--tls-cert', TLS_CERT, '--wait'], env); // prettier-ignore
      for (const line of out.trim().split('\n').slice(-6)) say(`  ${line}`);
    }
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const json = (await res.json()) as Record<string, unknown>;
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const profiles = (await api('GET', '/v1/projects/default/compute/os?pageSize=100'))
      .OperatingSystemResources as { name: string; resourceId: string }[];
    const nodes = [
      {
        name: 'edge-ubuntu',
        profile: 'Ubuntu 22.04 demo',
        uuid: '4c4c4544-0042-4a10-8052-0000000d0001',
        serialNumber: 'DEMO0001',
        size: '8G',
      },
      {
        name: 'edge-emt',
        profile: 'EMT 3.0 demo',
        uuid: '4c4c4544-0042-4a10-8052-0000000d0002',
        serialNumber: 'DEMO0002',
        size: '40G',
      },
    ];
    const hostIds: string[] = [];
    for (const node of nodes) {
      const host = await api('POST', '/v1/projects/default/compute/hosts/register', {
        name: node.name,
        uuid: node.uuid,
        serialNumber: node.serialNumber,
        autoOnboard: true,
      });
      const osId = profiles.find((p) => p.name === node.profile)!.resourceId;
      await api('POST', '/v1/projects/default/compute/instances', {
        hostID: host.resourceId,
        osID: osId,
        securityFeature: 'SECURITY_FEATURE_NONE',
      });
      hostIds.push(host.resourceId as string);
      say(
        `registered host ${host.resourceId as string} (${node.name}, serial ${node.serialNumber}) with an instance of "${node.profile}"`,
      );
    }
    const agents = nodes.map((node) => {
      const args = ['--import', 'tsx', join(ROOT, 'bin/en-agent.ts'), '--orchestrator', base, '--disk', join(dir, `${node.name}.img`), '--disk-size', node.size,
        '--uuid', node.uuid, '--serial', node.serialNumber, '--state-dir', join(dir, `${node.name}.state`)]; // prettier-ignore
      say(
        `en-agent --orchestrator ${base} --disk ${node.name}.img --disk-size ${node.size} --uuid ${node.uuid} --serial ${node.serialNumber}`,
      );
      const child = spawn(process.execPath, args, { env, cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      children.push(child);
      return new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
    });
    say('orch-cli host watch --all');
    const watcher = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bin/orch-cli.ts'), 'host', 'watch', '--all'], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }); // prettier-ignore
    children.push(watcher);
    for (const stream of [watcher.stdout, watcher.stderr]) {
      let partial = '';
      stream.setEncoding('utf8').on('data', (text: string) => {
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) say(`  watch| ${line}`);
      });
    }
    const watched = new Promise<number>((resolve) => watcher.on('exit', (code) => resolve(code ?? 1)));
    const codes = await Promise.all(agents);
    say(`orch-cli host watch --all exited ${await watched}`);
    for (const [i, id] of hostIds.entries()) {
      const h = await api('GET', `/v1/projects/default/compute/hosts/${id}`);
      say(
        `${nodes[i]!.name}: en-agent exit ${codes[i]}, ${(h.instance as Record<string, unknown>).provisioningStatus as string}`,
      );
    }
    for (const node of nodes) await showDisk(join(dir, `${node.name}.img`), node.name);
    await images.close();
    if (session) await bootDisk(session, join(dir, 'edge-emt.img'));
    if (codes.some((c) => c !== 0)) process.exitCode = 1;
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    fixtures.remove();
    await rm(dir, { recursive: true, force: true });
    say('stopped orchd, the image server and the agents; removed the demo folder');
  }
}

/** Boots the provisioned disk under Secure Boot and shows what the console says. */
async function bootDisk(session: BootSession, disk: string): Promise<void> {
  say(
    `--- booting edge-emt.img: QEMU ${session.accelerator.accel}, OVMF with Secure Boot enforced (our PK, KEK, db) ---`,
  );
  const run = await session.boot(disk);
  const shown =
    /BdsDxe: (loading|starting)|Linux version|secureboot: |BOOTPROOF: |^(os-release|meta-data)\| /;
  for (const line of run.serial.split('\n')) if (shown.test(line)) say(`  serial| ${line.trim()}`);
  say(`  QEMU ${run.outcome} after ${run.seconds} s; the OS booted: ${run.report.done ? 'yes' : 'NO'}`);
  if (!run.report.done || !run.report.kernelSecureBoot) process.exitCode = 1;
}

async function showDisk(path: string, name: string): Promise<void> {
  say(`--- ${name}: ${path.split('/').pop()} ---`);
  const parts = await sgdiskCheck(path);
  for (const p of parts)
    say(
      `  p${String(p.number).padEnd(3)} ${String(Math.round(p.size / 2 ** 20)).padStart(6)} MiB  ${p.code}  ${p.name}`,
    );
  say('  sgdisk -v: No problems found');
  const root = parts.find((p) => p.name === 'rootfs') ?? parts.find((p) => p.number === 1)!;
  const osRelease = await ext4File(path, root, '/usr/lib/os-release');
  say(
    `  os-release (rootfs): ${osRelease
      .split('\n')
      .filter((l) => /^(NAME|VERSION)=/.test(l))
      .join(' ')}`,
  );
  const seed = parts.find((p) => p.name === 'CIDATA')!;
  const files = await readFatPartition(path, seed, ['meta-data', 'network-config', 'user-data']);
  say(
    `  CIDATA (fsck.vfat -n clean): meta-data: ${files['meta-data']!.toString().trim().replace(/\n/g, '; ')}`,
  );
  say(`    network-config: ${files['network-config']!.toString().trim().replace(/\n\s*/g, ' ')}`);
  say(`    user-data: ${files['user-data']!.length} bytes, ${files['user-data']!.toString().split('\n')[0]}`);
  const roothash = parts.find((p) => p.name === 'roothash');
  if (roothash) {
    const hash = (await ext4File(path, roothash, '/part_a_roothash')).trim();
    say(`  dm-verity root hash of rootfs A (roothash/part_a_roothash): ${hash}`);
    const hashmap = parts.find((p) => p.name === 'hashmap_a')!;
    const dump = await tool('veritysetup', ['dump', `--hash-offset=${hashmap.offset}`, path]);
    say(
      `  hashmap_a: ${dump
        .split('\n')
        .filter((l) => /Hash type|Data blocks|Hash algorithm/.test(l))
        .map((l) => l.replace(/\s+/g, ' ').trim())
        .join(', ')}`,
    );
  }
}

await main();
