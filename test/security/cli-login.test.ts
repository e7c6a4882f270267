// `orch-cli login --token <secret>` left the token in `ps` and the shell history, and the CLI sent
// bearer tokens over plain HTTP to any host without a word. The token now comes from a hidden
// prompt or stdin (--token-stdin), and plain HTTP to a host that is not loopback is warned about.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHttpTransport, createStreamTransport } from '../../src/cli/api-client/http-transport.js';
import { plainHttpRemoteHost } from '../../src/cli/cli-context.js';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/program.js';
import { startCliOrchd, type CliOrchd } from '../cli/support/cli-orchd.js';

let orchd: CliOrchd;
before(async () => {
  orchd = await startCliOrchd();
});
after(async () => {
  await orchd?.close();
});

/** orch-cli in this process with a given stdin, terminal and prompt answer; no token in the env. */
async function cli(
  args: string[],
  input: { stdin?: string; tty?: boolean; answer?: string; endpoint?: string },
) {
  let stdout = '';
  let stderr = '';
  const asked: { question: string; hidden: boolean }[] = [];
  const io: CliIo = {
    env: { ORCH_CLI_CONFIG: join(orchd.dir, 'config.yaml'), ORCH_API_ENDPOINT: input.endpoint ?? orchd.url },
    home: orchd.dir,
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stderrTerminal: () => undefined,
    stdinIsTTY: input.tty ?? false,
    readStdin: async () => input.stdin ?? '',
    ask: async (question, options) => {
      asked.push({ question, hidden: options?.hidden === true });
      return input.answer ?? '';
    },
    now: () => new Date(),
    transport: (caPem) => createHttpTransport({ caPem }),
    streamTransport: (caPem) => createStreamTransport({ caPem }),
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr, asked };
}
const storedToken = async () =>
  /token: (\S+)/.exec(await readFile(join(orchd.dir, 'config.yaml'), 'utf8'))?.[1];

test('login --token-stdin reads the token from stdin (or from the first-start banner) and stores it', async () => {
  const plain = await cli(['login', '--token-stdin'], { stdin: `${orchd.adminToken}\n` });
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /^logged in to http:\/\/127\.0\.0\.1:\d+ as /);
  assert.equal(await storedToken(), orchd.adminToken);
  const banner = `orchd: first start. ...\n\n  export ORCH_TOKEN=${orchd.adminToken}\n  curl ...\n`;
  const fromBanner = await cli(['login', '--token-stdin'], { stdin: banner });
  assert.equal(fromBanner.code, 0, fromBanner.stderr);
  const empty = await cli(['login', '--token-stdin'], { stdin: '\n' });
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /stdin held no token/);
});

test('login with no token on a terminal asks for it, hidden', async () => {
  const res = await cli(['login'], { tty: true, answer: orchd.adminToken });
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(res.asked, [{ question: 'orchd API token: ', hidden: true }]);
  const refused = await cli(['login'], { tty: true, answer: 'eo_not-a-real-token-0000000000000000' });
  assert.equal(refused.code, 3, refused.stderr);
});

test('a bearer token over plain HTTP to a non-loopback host is warned about; loopback and https are not', async () => {
  assert.equal(plainHttpRemoteHost('http://127.0.0.1:8080'), undefined);
  assert.equal(plainHttpRemoteHost('http://localhost:8080'), undefined);
  assert.equal(plainHttpRemoteHost('http://[::1]:8080'), undefined);
  assert.equal(plainHttpRemoteHost('https://orchd.example.com'), undefined);
  assert.equal(plainHttpRemoteHost('http://orchd.example.com:8080'), 'orchd.example.com:8080');
  assert.equal(plainHttpRemoteHost('http://10.1.2.3'), '10.1.2.3');
  const quiet = await cli(['login', '--token-stdin'], { stdin: orchd.adminToken });
  assert.doesNotMatch(quiet.stderr, /warning/);
  // 0.0.0.0 is not a loopback name (the warning fires), yet Linux connects it to this host: the
  // request stays local and is refused at once (port 9, nothing listens).
  const far = await cli(['login', '--token-stdin'], {
    stdin: orchd.adminToken,
    endpoint: 'http://0.0.0.0:9',
  });
  assert.notEqual(far.code, 0);
  assert.match(
    far.stderr,
    /warning: sending the bearer token over plain HTTP to 0\.0\.0\.0:9, which is not this host/,
  );
});
