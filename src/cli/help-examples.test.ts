import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCliContext } from './cli-context.js';
import { fakeCliIo } from './fake-cli-io.js';
import { completionTable } from './completion/completion-script.js';
import { buildProgram, runCli } from './program.js';

const dir = await mkdtemp(join(tmpdir(), 'orch-cli-examples-'));
after(() => rm(dir, { recursive: true, force: true }));

/** An io over a fake orchd that answers every request 404, with the config file in `dir`. */
const exampleIo = () =>
  fakeCliIo(dir, {
    // On a terminal, as an operator trying the examples is (delete then asks; the answer is no).
    stdinIsTTY: true,
    readStdin: async () => 'password\n',
  });

/** Words of one shell command: quotes removed, `$(...)` and `$VAR` replaced by a word, stops at | < > ; ). */
function shellWords(command: string): string[] {
  const text = command.replace(/\$\([^)]*\)/g, 'QUJD').replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g, 'x');
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
      else word = (word ?? '') + char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if ('|<>;)#'.includes(char)) break;
    else if (char === ' ') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + char;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** Every `orch-cli ...` command in the help texts, continuation lines joined. */
function exampleCommands(helpTexts: readonly string[]): string[] {
  const commands = new Set<string>();
  for (const help of helpTexts) {
    const examples = help.split('\nExamples:\n')[1] ?? '';
    const joined = examples.replace(/\\\n\s*/g, ' ');
    for (const match of joined.matchAll(/(?:^|[\s(])orch-cli (.*)$/gm)) commands.add(match[1]!);
  }
  return [...commands];
}

test('every example in --help parses: no usage error, files it names exist', async () => {
  process.chdir(dir);
  const manifest = 'spec:\n  name: x\n';
  for (const file of ['ubuntu-profile.yaml', 'emt-profile.yaml']) await writeFile(join(dir, file), manifest);
  for (const file of ['server_cert.pem', 'orchd-ca.pem', 'db.pem', 'dbx.txt'])
    await writeFile(join(dir, file), 'not a certificate');
  await writeFile(
    join(dir, 'id_ed25519.pub'),
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGt0ZXN0a2V5 ops@example\n',
  );
  await writeFile(
    join(dir, 'hosts.csv'),
    'Serial,UUID,OSProfile,Site,Secure,RemoteUser,Metadata,LVMSize,CloudInitMeta,K8sEnable,K8sClusterTemplate,K8sConfig,Error - do not fill\nSN0001,,Ubuntu,,,,,,,,,,\n',
  );
  const program = buildProgram(createCliContext(exampleIo().io));
  const helps: string[] = [];
  for (const path of completionTable(program).keys()) {
    if (path.split(' ').at(-1) === 'help') continue;
    const { io, out } = exampleIo();
    await runCli(path === '' ? ['--help'] : [...path.split(' '), '--help'], io);
    helps.push(out());
  }
  const commands = exampleCommands(helps);
  assert.ok(commands.length >= 30, `${commands.length} examples`);
  for (const command of commands) {
    const { io, err } = exampleIo();
    const code = await runCli(shellWords(command), io);
    assert.notEqual(code, 2, `orch-cli ${command}\n${err()}`);
  }
});
