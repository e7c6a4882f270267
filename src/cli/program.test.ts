import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CliIo } from './cli-io.js';
import { buildProgram, runCli } from './program.js';
import { createCliContext } from './cli-context.js';
import { completionTable } from './completion/completion-script.js';

/** An io that records output and never reaches a network or a terminal. */
function recordingIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    env: { ORCH_CLI_CONFIG: '/nonexistent/orch-cli-test/config.yaml' },
    home: '/nonexistent',
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
    stdinIsTTY: false,
    readStdin: async () => '',
    ask: async () => '',
    now: () => new Date('2026-11-25T12:00:00Z'),
    transport: () => async () => {
      throw new Error('no network in this test');
    },
    streamTransport: () => async () => {
      throw new Error('no network in this test');
    },
  };
  return io;
}

test('--help on every command exits 0 and shows examples', async () => {
  const paths = [...completionTable(buildProgram(createCliContext(recordingIo()))).keys()];
  assert.ok(paths.length >= 30, `${paths.length} command paths`);
  for (const path of paths) {
    if (path.split(' ').at(-1) === 'help') continue; // commander's own help command
    const io = recordingIo();
    const args = path === '' ? ['--help'] : [...path.split(' '), '--help'];
    assert.equal(await runCli(args, io), 0, path);
    assert.match(io.out, /^Usage: orch-cli/, path);
    assert.match(io.out, /\nExamples:\n {2}/, `${path || 'orch-cli'} --help has examples`);
  }
});

test("usage errors exit 2 with commander's message; no arguments prints help and exits 2", async () => {
  for (const args of [
    ['os-profile', 'list', '--bogus'],
    ['frobnicate'],
    ['get', 'osprofile'],
    ['completion', 'fish'],
    ['config', 'set', 'colour', 'red'],
  ]) {
    const io = recordingIo();
    assert.equal(await runCli(args, io), 2, args.join(' '));
    assert.match(io.err, /^error: /, args.join(' '));
  }
  const io = recordingIo();
  assert.equal(await runCli([], io), 2);
  assert.match(io.out, /^Usage: orch-cli/);
});

test('a request that cannot be sent exits 3 naming the endpoint', async () => {
  const io = recordingIo();
  const code = await runCli(['list', 'osp'], { ...io, env: { ...io.env, ORCH_TOKEN: 'eo_x' } });
  assert.equal(code, 3);
  assert.equal(io.err, 'error: cannot reach orchd at http://127.0.0.1:8080: no network in this test\n');
});
