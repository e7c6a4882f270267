import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { startCliFixture, type CliFixture } from './support/cli-fixture.js';
import { startPasswordGrantIssuer, type PasswordGrantIssuer } from './support/password-grant-issuer.js';

let fx: CliFixture;
let issuer: PasswordGrantIssuer;
let oidcOrchd: string;
let httpsOrchd: string;

before(async () => {
  fx = await startCliFixture();
  issuer = await startPasswordGrantIssuer({ alice: 'wonderland' }, ['default_im-rw']);
  oidcOrchd = await fx.orchd.extraApp({ oidc: { issuer: issuer.issuer, jwksUrl: issuer.jwksUrl } });
  httpsOrchd = await fx.orchd.extraApp({}, { cert: fx.certs.leaf.cert, key: fx.certs.leaf.key });
});
after(async () => {
  await fx?.close();
  await issuer?.close();
});

/** Env for a CLI run that uses only `configFile` (no endpoint or token from the environment). */
const onlyFile = (name: string) => ({
  ORCH_CLI_CONFIG: join(fx.orchd.dir, name),
  ORCH_API_ENDPOINT: '',
  ORCH_TOKEN: '',
});

describe('config', () => {
  test('set, get, unset; the file is YAML with mode 0600; flags and env override it', async () => {
    const env = onlyFile('config-a/config.yaml');
    const run = (args: string[], extra: Record<string, string> = {}) =>
      fx.cli(args, { env: { ...env, ...extra } });
    for (const [key, value] of [
      ['api-endpoint', fx.deadEndpoint],
      ['project', 'default'],
      ['token', fx.orchd.adminToken],
      ['ca-cert', fx.certs.ca.certPath],
    ]) {
      const r = await run(['config', 'set', key!, value!]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${key} set in ${env.ORCH_CLI_CONFIG}\n`);
    }
    assert.equal((await stat(env.ORCH_CLI_CONFIG)).mode & 0o777, 0o600);
    assert.deepEqual(parse(await readFile(env.ORCH_CLI_CONFIG, 'utf8')), {
      'api-endpoint': fx.deadEndpoint,
      project: 'default',
      token: fx.orchd.adminToken,
      'ca-cert': fx.certs.ca.certPath,
    });
    const [one, all, viaFile, viaEnv, viaFlag, project] = await Promise.all([
      run(['config', 'get', 'api-endpoint']),
      run(['config', 'get']),
      run(['list', 'osp', '-o', 'json']),
      run(['list', 'osp', '-o', 'json'], { ORCH_API_ENDPOINT: fx.orchd.url }),
      run(['--api-endpoint', fx.orchd.url, 'list', 'osp', '-o', 'json']),
      run(['list', 'osp', '-p', 'nowhere'], { ORCH_API_ENDPOINT: fx.orchd.url }),
    ]);
    assert.equal(one.stdout, `${fx.deadEndpoint}\n`);
    assert.match(all.stdout, /^api-endpoint: .*\nproject: default\ntoken: eo_\.\.\.\S{4}\nca-cert: .*\n$/);
    assert.ok(!all.stdout.includes(fx.orchd.adminToken), 'config get masks the token');
    assert.equal(viaFile.code, 3, 'the file points at a dead endpoint');
    assert.equal(viaEnv.code, 0, viaEnv.stderr);
    assert.equal(viaFlag.code, 0, viaFlag.stderr);
    assert.equal(project.code, 1);
    assert.equal(project.stderr, 'error: project "nowhere" not found\n');
    const unset = await run(['config', 'unset', 'ca-cert']);
    assert.equal(unset.code, 0);
    const missing = await run(['config', 'get', 'ca-cert']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, `error: ca-cert is not set in ${env.ORCH_CLI_CONFIG}\n`);
  });
});

describe('login and logout', () => {
  test('login --token checks the token with orchd before saving it; logout removes it', async () => {
    const env = { ...onlyFile('config-b.yaml'), ORCH_API_ENDPOINT: fx.orchd.url };
    const run = (args: string[], input?: string) => fx.cli(args, { env, ...(input ? { input } : {}) });
    const bad = await run(['login', '--token', 'eo_wrong']);
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /^error: /);
    await assert.rejects(readFile(env.ORCH_CLI_CONFIG, 'utf8'), /ENOENT/, 'a refused token is not saved');
    const good = await run(['login', '--token', fx.orchd.adminToken]);
    assert.equal(good.code, 0, good.stderr);
    assert.equal(good.stdout, `logged in to ${fx.orchd.url} as token "admin" (admin)\n`);
    assert.equal(
      (parse(await readFile(env.ORCH_CLI_CONFIG, 'utf8')) as { token: string }).token,
      fx.orchd.adminToken,
    );
    assert.equal((await run(['list', 'osp'])).code, 0);
    const out = await run(['logout']);
    assert.equal(out.stdout, 'logged out\n');
    const after = await run(['list', 'osp']);
    assert.equal(after.code, 3);
    assert.match(after.stderr, /not logged in/);
  });

  test('OIDC password grant: --password-stdin against a loopback issuer that orchd trusts', async () => {
    const env = { ...onlyFile('config-c.yaml'), ORCH_API_ENDPOINT: oidcOrchd };
    const args = [
      'login',
      'alice',
      '--password-stdin',
      '--oidc-issuer',
      issuer.issuer,
      '--client-id',
      'orch-cli',
    ];
    const [wrong, noStdin, noIssuer] = await Promise.all([
      fx.cli(args, {
        env: { ...env, ORCH_CLI_CONFIG: join(fx.orchd.dir, 'config-c2.yaml') },
        input: 'nope\n',
      }),
      fx.cli(['login', 'alice', '--oidc-issuer', issuer.issuer], { env }),
      fx.cli(['login', 'alice'], { env }),
    ]);
    assert.equal(wrong.code, 3);
    assert.equal(wrong.stderr, 'error: the OIDC issuer refused the login: Invalid user credentials\n');
    assert.equal(noStdin.code, 2);
    assert.match(noStdin.stderr, /--password-stdin/);
    assert.equal(noIssuer.code, 2);
    assert.match(noIssuer.stderr, /--oidc-issuer/);
    const ok = await fx.cli(args, { env, input: 'wonderland\n' });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, `logged in to ${oidcOrchd} as user "alice" (write on default)\n`);
    const last = issuer.requests.at(-1)!;
    assert.deepEqual(
      [last['grant_type'], last['username'], last['password'], last['client_id']],
      ['password', 'alice', 'wonderland', 'orch-cli'],
    );
    const list = await fx.cli(['list', 'osp', '-o', 'json'], { env });
    assert.equal(list.code, 0, list.stderr);
  });
});

describe('orchd over HTTPS with a private CA', () => {
  test('refused without --ca-cert (exit 3); trusted with the flag, ORCH_CA_CERT, config ca-cert or the leaf itself', async () => {
    const env = { ORCH_API_ENDPOINT: httpsOrchd, ORCH_CLI_CONFIG: join(fx.orchd.dir, 'config-d.yaml') };
    await writeFile(env.ORCH_CLI_CONFIG, `ca-cert: ${fx.certs.ca.certPath}\n`);
    const https = { env: { ORCH_API_ENDPOINT: httpsOrchd } };
    const [untrusted, flag, viaEnv, viaConfig, unreadable, leafOnly, otherCa] = await Promise.all([
      fx.cli(['list', 'osp'], https),
      fx.cli(['--ca-cert', fx.certs.ca.certPath, 'list', 'osp'], https),
      fx.cli(['list', 'osp'], { env: { ORCH_API_ENDPOINT: httpsOrchd, ORCH_CA_CERT: fx.certs.ca.certPath } }),
      fx.cli(['list', 'osp'], { env }),
      fx.cli(['--ca-cert', '/nonexistent/ca.pem', 'list', 'osp'], https),
      fx.cli(['--ca-cert', fx.certs.leaf.certPath, 'list', 'osp'], https),
      fx.cli(['--ca-cert', fx.certs.otherCa.certPath, 'list', 'osp'], https),
    ]);
    assert.equal(untrusted.code, 3);
    assert.match(untrusted.stderr, new RegExp(`^error: cannot reach orchd at ${httpsOrchd}: .*certificate`));
    for (const r of [flag, viaEnv, viaConfig, leafOnly]) {
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^NAME +PROFILE/);
    }
    assert.equal(otherCa.code, 3, 'an unrelated CA is no trust anchor');
    assert.equal(unreadable.code, 2);
    assert.match(unreadable.stderr, /^error: cannot read ca-cert \/nonexistent\/ca\.pem/);
  });
});

describe('completion', () => {
  test('bash completes commands, EMF aliases and options; zsh loads the same through bashcompinit', async () => {
    const [bash, zsh] = await Promise.all([fx.cli(['completion', 'bash']), fx.cli(['completion', 'zsh'])]);
    assert.equal(bash.code, 0);
    assert.match(zsh.stdout, /^#compdef orch-cli\n/);
    assert.match(zsh.stdout, /bashcompinit/);
    const script = join(fx.orchd.dir, 'orch-cli.bash');
    await writeFile(script, bash.stdout);
    const complete = async (words: string[]) => {
      const program = `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _orch_cli; echo "\${COMPREPLY[@]}"`;
      return (await promisify(execFile)('bash', ['-c', program])).stdout.trim().split(' ');
    };
    assert.deepEqual(await complete(['orch-cli', 'os-profile', 'l']), ['list', 'ls']);
    assert.deepEqual(await complete(['orch-cli', 'list', 'o']), ['osprofile', 'osprofiles', 'osp']);
    assert.ok((await complete(['orch-cli', 'os-profile', 'create', '--tls'])).includes('--tls-cert-file'));
    assert.deepEqual(await complete(['orch-cli', 'co']), ['config', 'completion']);
  });
});
