// The first admin token went into the same stream as the JSON logs (a journal, a log collector)
// and orchd listened on 0.0.0.0 over plain HTTP by default. Now the token is printed only to a
// terminal, else written to a 0600 file whose path is logged, and without TLS orchd listens on
// loopback unless told otherwise (with a warning).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { X509Certificate } from 'node:crypto';
import { get as httpsGet } from 'node:https';
import { buildOrchdProgram } from '../../src/server/command-line/orchd-program.js';
import { createLogger, isLoopbackHost, type RunningServer } from '../../src/server/compose-orchd.js';
import { startOrchd } from '../server/support/orchd-process.js';

test('stdout not a terminal: the token is not in stdout; it is in a 0600 file in the data folder, whose path is logged', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'orchd-first-run-'));
  const orchd = await startOrchd(['--listen', '127.0.0.1:0', '--database', `sqlite:${join(dir, 'orch.db')}`]);
  try {
    const out = orchd.stdout();
    assert.doesNotMatch(out, /eo_[A-Za-z0-9_-]{20,}/, 'no token secret on stdout');
    const line = out.split('\n').find((l) => l.includes('"tokenFile"'));
    assert.ok(line, out);
    const logged = JSON.parse(line) as { tokenFile: string; level: number; msg: string };
    assert.equal(logged.tokenFile, join(dir, 'first-admin-token'));
    assert.match(logged.msg, /mode 0600/);
    assert.equal((await stat(logged.tokenFile)).mode & 0o777, 0o600);
    const token = /export ORCH_TOKEN=(eo_[A-Za-z0-9_-]+)/.exec(await readFile(logged.tokenFile, 'utf8'))?.[1];
    assert.ok(token);
    const whoami = await fetch(`${orchd.url}/v1/whoami`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(whoami.status, 200);
    assert.match(orchd.url, /^http:\/\/127\.0\.0\.1:/);
  } finally {
    await orchd.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a terminal gets the banner on stdout and no file is written', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'orchd-first-run-'));
  let printed = '';
  let served: RunningServer | undefined;
  const program = buildOrchdProgram({
    stdout: (text) => (printed += text),
    stdoutIsTty: true,
    logger: createLogger('silent'),
    onServing: (server) => (served = server),
  });
  try {
    await program.parseAsync(
      [
        'serve',
        '--listen',
        '127.0.0.1:0',
        '--database',
        `sqlite:${join(dir, 'orch.db')}`,
        '--scratch-dir',
        join(dir, 's'),
      ],
      { from: 'user' },
    );
    assert.match(printed, /export ORCH_TOKEN=eo_/);
    await assert.rejects(stat(join(dir, 'first-admin-token')), { code: 'ENOENT' });
  } finally {
    await served?.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('without TLS the default listen address is loopback; plain HTTP elsewhere is warned about', async () => {
  const help = buildOrchdProgram({ stdout: () => undefined })
    .commands.find((c) => c.name() === 'serve')!
    .helpInformation();
  assert.match(help.replace(/\s+/g, ' '), /default 127\.0\.0\.1:8080 without TLS/);
  for (const host of ['127.0.0.1', '127.3.2.1', '::1', 'localhost'])
    assert.equal(isLoopbackHost(host), true, host);
  for (const host of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1'])
    assert.equal(isLoopbackHost(host), false, host);
  // The warning itself: a logger capturing lines, orchd told to listen on every address (port 0, closed at once).
  const dir = await mkdtemp(join(tmpdir(), 'orchd-first-run-'));
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) });
  let served: RunningServer | undefined;
  const program = buildOrchdProgram({
    stdout: () => undefined,
    logger: createLogger('warn', sink),
    onServing: (server) => (served = server),
  });
  try {
    await program.parseAsync(
      [
        'serve',
        '--listen',
        '0.0.0.0:0',
        '--database',
        `sqlite:${join(dir, 'orch.db')}`,
        '--scratch-dir',
        join(dir, 's'),
      ],
      { from: 'user' },
    );
    await served?.close();
    assert.ok(
      lines.some((l) => l.includes('plain HTTP on a non-loopback address')),
      lines.join(''),
    );
  } finally {
    await served?.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});

test('--tls auto: a self-signed certificate in <data>/tls (key 0600), its fingerprint logged, reused on the next start', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'orchd-first-run-'));
  const start = async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) });
    let served: RunningServer | undefined;
    const program = buildOrchdProgram({
      stdout: () => undefined,
      logger: createLogger('info', sink),
      onServing: (server) => (served = server),
    });
    await program.parseAsync(
      [
        'serve',
        '--tls',
        'auto',
        '--listen',
        '127.0.0.1:0',
        '--database',
        `sqlite:${join(dir, 'orch.db')}`,
        '--scratch-dir',
        join(dir, 's'),
      ],
      { from: 'user' },
    );
    const line = lines.find((l) => l.includes('"fingerprint"'));
    assert.ok(line, lines.join(''));
    return {
      served: served!,
      logged: JSON.parse(line) as { fingerprint: string; certFile: string; created: boolean; msg: string },
    };
  };
  try {
    const first = await start();
    assert.equal(first.logged.certFile, join(dir, 'tls', 'cert.pem'));
    assert.equal(first.logged.created, true);
    assert.match(first.logged.msg, /orch-cli config set ca-cert /);
    assert.equal((await stat(join(dir, 'tls', 'key.pem'))).mode & 0o777, 0o600);
    const pem = await readFile(first.logged.certFile, 'utf8');
    assert.equal(new X509Certificate(pem).fingerprint256, first.logged.fingerprint);
    assert.match(first.served.url, /^https:\/\/127\.0\.0\.1:/);
    // A client that trusts the certificate file reaches orchd over HTTPS (the name 127.0.0.1 is in it).
    const status = await new Promise<number>((resolve, reject) =>
      httpsGet(
        `${first.served.url}/healthz`,
        { ca: pem },
        (res) => (res.resume(), resolve(res.statusCode ?? 0)),
      ).on('error', reject),
    );
    assert.equal(status, 200);
    await first.served.close();
    const second = await start();
    assert.equal(second.logged.created, false);
    assert.equal(second.logged.fingerprint, first.logged.fingerprint);
    await second.served.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
