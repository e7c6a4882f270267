import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ORCH_CLI = fileURLToPath(new URL('../../../bin/orch-cli.ts', import.meta.url));
const CALL_TIMEOUT_MS = 60_000;

/** What one orch-cli run printed and how it ended. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of one run: extra environment and text for stdin (stdin is never a terminal). */
export interface CliRunOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly input?: string;
}

/**
 * The environment of a child orch-cli: this one without ORCH_* and TLS_CERT (which would leak
 * in from the developer's shell) and without node:test's marker, plus `extra`.
 */
function childEnv(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('ORCH_') && key !== 'TLS_CERT' && key !== 'NODE_TEST_CONTEXT',
    ),
  );
  return { ...env, ...extra };
}

/** Runs the real `bin/orch-cli.ts` through tsx as a child process. */
export function runOrchCli(args: readonly string[], options: CliRunOptions = {}): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', ORCH_CLI, ...args], {
    env: childEnv(options.env ?? {}),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), CALL_TIMEOUT_MS);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}
