import { Argument, Command, CommanderError, Option } from 'commander';
import { createCliContext, type CliContext } from './cli-context.js';
import { CliError, EXIT, type ExitCode } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { defineConfigCommands } from './commands/config-commands.js';
import { defineEmfVerbCommands } from './commands/emf-verb-commands.js';
import { defineHostCommands } from './commands/host-commands.js';
import { defineLoginCommands } from './commands/login-commands.js';
import { defineOsProfileCommands } from './commands/os-profile-commands.js';
import { CREATE_FLOW_EXAMPLE } from './commands/os-profile/os-profile-create.js';
import { COMPLETION_SHELLS, completionScript, type CompletionShell } from './completion/completion-script.js';
import { terminalSafeLines } from './output/terminal-text.js';

/** Builds the whole command tree over `ctx`; commander never exits the process itself. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('orch-cli')
    .description("edge-orch's operator command line: OS profiles and hosts on orchd")
    .exitOverride()
    .configureOutput({ writeOut: ctx.io.stdout, writeErr: ctx.io.stderr })
    .showHelpAfterError('(add --help for usage)')
    .addOption(
      new Option(
        '--api-endpoint <url>',
        "orchd's URL (env ORCH_API_ENDPOINT; default http://127.0.0.1:8080)",
      ),
    )
    .addOption(new Option('-p, --project <name>', 'project (env ORCH_PROJECT; default "default")'))
    .addOption(
      new Option('--ca-cert <file>', "PEM file to trust for orchd's HTTPS certificate (env ORCH_CA_CERT)"),
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 done, 1 the request failed, 2 usage error, 3 orchd unreachable or login refused.

Examples:
  orch-cli config set api-endpoint https://orch.example.com
  orch-cli login --token "$ORCH_TOKEN"
${CREATE_FLOW_EXAMPLE}
  orch-cli create osprofile ubuntu-profile.yaml
  orch-cli list osprofiles -o wide
  orch-cli get osp "Ubuntu 22.04 custom"
  orch-cli create host edge-1 --serial SN0001 --os-profile "Ubuntu 22.04 custom"
  orch-cli host watch --all
  source <(orch-cli completion bash)`,
    );
  defineConfigCommands(program, ctx);
  defineLoginCommands(program, ctx);
  defineOsProfileCommands(program, ctx);
  defineHostCommands(program, ctx);
  defineEmfVerbCommands(program, ctx);
  program
    .command('completion')
    .description('print a shell completion script')
    .addArgument(new Argument('<shell>', 'the shell').choices(COMPLETION_SHELLS))
    .addHelpText(
      'after',
      '\nExamples:\n  source <(orch-cli completion bash)\n  orch-cli completion zsh > "${fpath[1]}/_orch-cli"',
    )
    .action((shell: CompletionShell) => ctx.io.stdout(completionScript(program, shell)));
  return program;
}

/** Help and version requests end commander with these codes; they are successes. */
const HELP_CODES = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

/** Prints a failure as `error: <message>` (no stack) and returns its exit code. */
function report(io: CliIo, error: unknown): ExitCode {
  if (error instanceof CommanderError) {
    if (HELP_CODES.has(error.code) || error.exitCode === 0) return EXIT.ok;
    return EXIT.usage; // commander has printed its message already
  }
  if (error instanceof CliError) {
    // Messages quote server text (names, reasons): no control character reaches the terminal.
    const lines = [error.message, ...error.lines].map(terminalSafeLines);
    io.stderr(`error: ${lines.map((line) => `${line}\n`).join('')}`);
    return error.exitCode;
  }
  io.stderr(`error: ${terminalSafeLines(error instanceof Error ? error.message : String(error))}\n`);
  return EXIT.failed;
}

/**
 * Runs orch-cli with `argv` (without node and the script path) over `io` and resolves with the
 * exit code: 0 success, 1 request failed, 2 usage error, 3 orchd unreachable or login refused.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const program = buildProgram(createCliContext(io));
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    return report(io, error);
  }
}
