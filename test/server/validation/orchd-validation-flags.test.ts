import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildOrchdProgram } from '../../../src/server/command-line/orchd-program.js';

/** The program with commander's exits and output turned into exceptions and captured text. */
function program() {
  let out = '';
  const root = buildOrchdProgram({ stdout: (text) => void (out += text) });
  root.exitOverride();
  for (const command of root.commands) {
    command.exitOverride();
    command.configureOutput({
      writeOut: (text) => void (out += text),
      writeErr: (text) => void (out += text),
    });
  }
  return { root, output: () => out };
}

test('serve --help lists the validation flags with their defaults', async () => {
  const { root, output } = program();
  await assert.rejects(root.parseAsync(['node', 'orchd', 'serve', '--help']), {
    code: 'commander.helpDisplayed',
  });
  // Help wraps long lines: compare with the whitespace folded.
  const help = output().replace(/\s+/g, ' ');
  assert.match(help, /--validation-concurrency <n> .*\(default: "2", env: ORCH_VALIDATION_CONCURRENCY\)/);
  assert.match(help, /--scratch-dir <dir> .*\(default: "\/var\/tmp\/orchd-scratch", env: ORCH_SCRATCH_DIR\)/);
  assert.match(help, /--instance-id <id> .*env: ORCH_INSTANCE_ID/);
});

test('--validation-concurrency must be a whole number from 1 to 64', async () => {
  for (const bad of ['0', '65', '1.5', 'two']) {
    const { root, output } = program();
    await assert.rejects(
      root.parseAsync(['node', 'orchd', 'serve', '--validation-concurrency', bad]),
      { code: 'commander.invalidArgument' },
      bad,
    );
    assert.match(output(), /give a whole number from 1 to 64/);
  }
});
