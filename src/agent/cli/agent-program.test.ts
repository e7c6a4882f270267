import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentProgram, parseSize, runAgentCli, type AgentFlags } from './agent-program.js';

test('every --help example parses into flags', async () => {
  let help = '';
  const program = agentProgram(async () => undefined);
  program.configureOutput({ writeOut: (t) => (help += t) });
  program.outputHelp();
  const examples = help.split('\nExamples:\n')[1]!.trim().split('\n');
  assert.ok(examples.length >= 3);
  for (const line of examples) {
    const args = line.trim().split(/\s+/).slice(1);
    let flags: AgentFlags | undefined;
    await agentProgram(async (f) => void (flags = f))
      .exitOverride()
      .parseAsync(args, { from: 'user' });
    assert.match(flags!.orchestrator, /^https:\/\//, line);
  }
});

test('sizes and bad usage', async () => {
  assert.equal(parseSize('64G'), 64 * 2 ** 30);
  assert.equal(parseSize('512M'), 512 * 2 ** 20);
  assert.equal(parseSize('1024'), 1024);
  assert.throws(() => parseSize('lots'), /a size such as 64G/);
  let err = '';
  assert.equal(await runAgentCli(['--disk', 'x.img'], (t) => (err += t)), 2);
  assert.match(err, /--orchestrator/);
  err = '';
  assert.equal(
    await runAgentCli(
      ['--orchestrator', 'https://127.0.0.1:9', '--disk', '/tmp/en-agent-x.img', '--disk-size', '1G'],
      (t) => (err += t),
    ),
    2,
  );
  assert.match(err, /give its --uuid and --serial/);
  assert.equal(await runAgentCli(['--help'], () => undefined), 0);
});
