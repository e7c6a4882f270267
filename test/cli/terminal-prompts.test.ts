import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { startCliFixture, type CliFixture } from './support/cli-fixture.js';
import { flagCreateArgs } from './support/flag-create-args.js';
import { startPasswordGrantIssuer, type PasswordGrantIssuer } from './support/password-grant-issuer.js';

const ORCH_CLI = fileURLToPath(new URL('../../bin/orch-cli.ts', import.meta.url));

let fx: CliFixture;
let issuer: PasswordGrantIssuer;
let oidcOrchd: string;
before(async () => {
  fx = await startCliFixture();
  issuer = await startPasswordGrantIssuer({ bob: 'builder' }, ['default_im-r']);
  oidcOrchd = await fx.orchd.extraApp({ oidc: { issuer: issuer.issuer, jwksUrl: issuer.jwksUrl } });
});
after(async () => {
  await fx?.close();
  await issuer?.close();
});

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * Runs orch-cli on a pseudo-terminal (util-linux `script`), typing `typed` once it has started:
 * stdin is then a terminal, as for an operator at a shell.
 */
function onTerminal(args: readonly string[], typed: string, env: Record<string, string>) {
  const command = [process.execPath, '--import', 'tsx', ORCH_CLI, ...args].map(quote).join(' ');
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = execFile('script', ['-qec', command, '/dev/null'], {
      env: { ...process.env, NODE_TEST_CONTEXT: '', TLS_CERT: '', ...env },
      timeout: 60_000,
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      // Answer once the prompt is on the screen.
      if (/\[y\/N\] $|Password for \w+: $/.test(output) && typed) {
        child.stdin!.write(typed);
        typed = '';
      }
    });
    child.once('close', (code) => resolve({ code, output }));
  });
}

test('on a terminal: delete asks and obeys the answer; login asks for the password without echo', async () => {
  const env = {
    ORCH_CLI_CONFIG: join(fx.orchd.dir, 'tty.yaml'),
    ORCH_API_ENDPOINT: fx.orchd.url,
    ORCH_TOKEN: fx.orchd.adminToken,
  };
  const created = await fx.cli(
    flagCreateArgs(fx, { name: 'TTY', profileName: 'ubuntu-tty', osVersion: '1.0' }),
    { env },
  );
  assert.equal(created.code, 0, created.stderr);
  const id = (JSON.parse(created.stdout) as { resourceId: string }).resourceId;
  const no = await onTerminal(['delete', 'osp', 'TTY'], 'n\r', env);
  assert.equal(no.code, 1, no.output);
  assert.match(no.output, new RegExp(`Delete OS profile "TTY" \\(${id}\\)\\? \\[y/N\\] `));
  assert.match(no.output, /error: aborted: OS profile "TTY" .* was not deleted/);
  const yes = await onTerminal(['os-profile', 'delete', 'TTY'], 'y\r', env);
  assert.equal(yes.code, 0, yes.output);
  assert.match(yes.output, new RegExp(`OS profile "TTY" \\(${id}\\) deleted`));
  const login = await onTerminal(['login', 'bob', '--oidc-issuer', issuer.issuer], 'builder\r', {
    ...env,
    ORCH_API_ENDPOINT: oidcOrchd,
    ORCH_TOKEN: '',
  });
  assert.equal(login.code, 0, login.output);
  assert.match(login.output, /Password for bob: /);
  assert.ok(!login.output.includes('builder'), 'the password is not echoed');
  assert.match(login.output, /logged in to .* as user "bob" \(read on default\)/);
});
