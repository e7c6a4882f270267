import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { get as httpsGet } from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Command } from 'commander';
import { serverBackends } from './support/server-backends.js';
import { printedToken, runOrchd, startOrchd } from './support/orchd-process.js';
import { loadTestCertificates } from '../support/tls/test-certificates.js';
import { buildOrchdProgram } from '../../src/server/command-line/orchd-program.js';
import type { RunningServer } from '../../src/server/compose-orchd.js';

const slots = await serverBackends('proc');

async function whoami(
  url: string,
  token: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/v1/whoami`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Runs the orchd command line in this process; `serve` leaves its server running for the caller. */
async function runInProcess(args: readonly string[]): Promise<{ out: string; server?: RunningServer }> {
  let out = '';
  let server: RunningServer | undefined;
  const program = buildOrchdProgram({
    stdout: (text) => (out += text),
    onServing: (running) => (server = running),
    logger: pino({ level: 'silent' }),
  });
  const quiet = (command: Command): void => {
    command
      .exitOverride()
      .configureOutput({ writeOut: (text) => (out += text), writeErr: (text) => (out += text) });
    command.commands.forEach(quiet);
  };
  quiet(program);
  await program.parseAsync(['node', 'orchd', ...args]);
  return { out, ...(server ? { server } : {}) };
}

/** The help text `args` print (commander signals it with a helpDisplayed error under exitOverride). */
async function helpOf(args: readonly string[]): Promise<string> {
  let out = '';
  const program = buildOrchdProgram({ stdout: (text) => (out += text) });
  const capture = (command: Command): void => {
    command.exitOverride().configureOutput({ writeOut: (text) => (out += text) });
    command.commands.forEach(capture);
  };
  capture(program);
  await assert.rejects(program.parseAsync(['node', 'orchd', ...args]), { code: 'commander.helpDisplayed' });
  return out;
}

const sqlite = slots.find((slot) => slot.name === 'sqlite')!.backend!;
const postgres = slots.find((slot) => slot.name === 'postgres');

describe('orchd serve as a real process on sqlite', () => {
  after(() => sqlite.dispose());

  test('first start prints a working admin token once; later starts print none; token create recovers', async () => {
    const first = await startOrchd(['--listen', '127.0.0.1:0', '--database', sqlite.url]);
    let token: string | undefined;
    try {
      token = printedToken(first.stdout());
      assert.ok(token, first.stdout());
      const me = await whoami(first.url, token);
      assert.deepEqual([me.status, me.body['admin']], [200, true]);
      const profiles = await fetch(`${first.url}/v1/projects/default/compute/os?pageSize=100`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(((await profiles.json()) as { totalElements: number }).totalElements, 7);
    } finally {
      await first.stop();
    }
    const second = await startOrchd(['--listen', '127.0.0.1:0', '--database', sqlite.url]);
    try {
      assert.ok(!second.stdout().includes('eo_'), 'no secret in the output of a later start');
      assert.equal((await whoami(second.url, token)).status, 200, 'the first token survives a restart');
      const created = await runOrchd([
        'token',
        'create',
        '--admin',
        '--name',
        'recovery',
        '--database',
        sqlite.url,
      ]);
      assert.equal(created.code, 0, created.stderr);
      const recovered = printedToken(created.stdout);
      assert.ok(recovered, created.stdout);
      const me = await whoami(second.url, recovered);
      assert.deepEqual([me.status, me.body['subject']], [200, 'recovery']);
    } finally {
      await second.stop();
    }
  });
});

describe('orchd serve in-process on postgres', { skip: postgres?.skip ?? false }, () => {
  after(() => postgres?.backend?.dispose());

  test('first start prints a token, the second none; token create --project prints a scoped one', async () => {
    const url = postgres!.backend!.url;
    const first = await runInProcess(['serve', '--listen', '127.0.0.1:0', '--database', url]);
    const token = printedToken(first.out);
    try {
      assert.ok(token, first.out);
      assert.equal((await whoami(first.server!.url, token)).status, 200);
    } finally {
      await first.server!.close();
    }
    const second = await runInProcess(['serve', '--listen', '127.0.0.1:0', '--database', url]);
    try {
      assert.equal(printedToken(second.out), undefined);
      assert.ok(!second.out.includes('eo_'));
      const created = await runInProcess([
        'token',
        'create',
        '--project',
        'default',
        '--role',
        'write',
        '--database',
        url,
      ]);
      const scoped = printedToken(created.out);
      assert.ok(scoped, created.out);
      const me = await whoami(second.server!.url, scoped);
      assert.deepEqual(me.body['roles'], [{ project: 'default', role: 'write' }]);
      assert.equal(me.body['admin'], false);
    } finally {
      await second.server!.close();
    }
  });
});

describe('orchd command line', () => {
  test('every command has --help with examples', async () => {
    for (const args of [
      ['--help'],
      ['serve', '--help'],
      ['migrate', '--help'],
      ['token', 'create', '--help'],
    ]) {
      const help = await helpOf(args);
      assert.match(help, /Usage: orchd/, args.join(' '));
      if (args[0] !== '--help') assert.match(help, /Examples:\n {2}orchd /, args.join(' '));
    }
  });

  test('migrate creates the SQLite folder, applies the migrations once, then reports up to date', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'orchd-migrate-'));
    try {
      const url = `sqlite:${join(dir, 'nested', 'orch.db')}`;
      const first = await runInProcess(['migrate', '--database', url]);
      assert.match(first.out, /^applied: \S+/);
      const second = await runInProcess(['migrate', '--database', url]);
      assert.equal(second.out, 'database is up to date\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('bad input is refused with a message', async () => {
    await assert.rejects(
      runInProcess(['token', 'create', '--database', ':memory:']),
      /give --admin or --project <name>/,
    );
    await assert.rejects(
      runInProcess(['serve', '--listen', 'nowhere', '--database', ':memory:']),
      /--listen 'nowhere' must be HOST:PORT/,
    );
    await assert.rejects(
      runInProcess([
        'serve',
        '--listen',
        '127.0.0.1:0',
        '--database',
        ':memory:',
        '--oidc-issuer',
        'https://x',
      ]),
      /--oidc-issuer and --oidc-jwks-url must be given together/,
    );
  });

  test('--tls-cert/--tls-key serve HTTPS (serve is the default command)', async () => {
    const certs = await loadTestCertificates();
    const { out, server } = await runInProcess([
      '--listen',
      '127.0.0.1:0',
      '--database',
      ':memory:',
      '--tls-cert',
      certs.leaf.certPath,
      '--tls-key',
      certs.leaf.keyPath,
    ]);
    try {
      assert.match(server!.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const token = printedToken(out);
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const headers = { authorization: `Bearer ${token}` };
        httpsGet(`${server!.url}/v1/whoami`, { ca: certs.ca.cert, headers }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        }).on('error', reject);
      });
      assert.equal(answer.status, 200);
      assert.equal(JSON.parse(answer.body).admin, true);
    } finally {
      await server!.close();
    }
  });
});
