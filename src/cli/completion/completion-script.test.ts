import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { completionScript, completionTable } from './completion-script.js';

function sample(): Command {
  const program = new Command('orch-cli').option('-p, --project <name>');
  const list = program.command('list');
  list.command('osprofile').aliases(['osp']).option('-o, --output <f>');
  return program;
}

test('the table lists every command path, aliases included, with its subcommands and options', () => {
  const table = completionTable(sample());
  assert.deepEqual(table.get(''), ['list', '--project', '-p', '--help']);
  assert.deepEqual(table.get('list'), ['osprofile', 'osp', '--help']);
  assert.deepEqual(table.get('list osp'), ['--output', '-o', '--help']);
  assert.deepEqual(table.get('list osprofile'), table.get('list osp'));
});

test('bash registers a completion function; zsh loads it through bashcompinit', () => {
  const bash = completionScript(sample(), 'bash');
  assert.match(bash, /^# orch-cli bash completion/);
  assert.match(bash, /\n {4}"list osp"\) words="--output -o --help" ;;\n/);
  assert.match(bash, /\ncomplete -F _orch_cli orch-cli\n$/);
  const zsh = completionScript(sample(), 'zsh');
  assert.match(zsh, /^#compdef orch-cli\n/);
  assert.ok(zsh.includes('autoload -U +X bashcompinit && bashcompinit\n'));
  assert.ok(zsh.endsWith(bash));
});
