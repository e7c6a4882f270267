import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { createHttpTransport, createStreamTransport } from '../../../src/cli/api-client/http-transport.js';
import type { CliIo } from '../../../src/cli/cli-io.js';
import { runCli } from '../../../src/cli/program.js';

/** What one in-process orch-cli run printed and its exit code. */
export interface InProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** What a terminal on stderr received (progress bars), when `terminal` was asked for. */
  readonly terminal: string;
}

/** Where orch-cli finds orchd, and its config folder. */
export interface InProcessTarget {
  readonly url: string;
  readonly token: string;
  readonly dir: string;
}

/** How one in-process run differs from a plain one. */
export interface InProcessOptions {
  readonly terminal?: boolean;
  readonly stdinIsTTY?: boolean;
  /** Called each time an event stream has answered (orchd has sent its snapshot and listens). */
  readonly onStreamOpen?: () => void;
}

/** A promise and the function that resolves it (a test waits for the CLI to reach a point). */
export function signal(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

/**
 * Runs orch-cli in this process over the real HTTP transports against a listening orchd: the
 * same code as bin/orch-cli.ts without a child process per call. `terminal` gives stderr a
 * terminal-like stream (cli-progress draws bars there).
 */
export async function runInProcess(
  target: InProcessTarget,
  args: readonly string[],
  options: InProcessOptions = {},
): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  let terminal = '';
  const tty = options.terminal
    ? Object.assign(new PassThrough(), {
        isTTY: true,
        columns: 120,
        cursorTo: () => true,
        clearLine: () => true,
        moveCursor: () => true,
      })
    : undefined;
  tty?.on('data', (chunk: Buffer) => (terminal += chunk.toString('utf8')));
  const io: CliIo = {
    env: {
      ORCH_CLI_CONFIG: join(target.dir, 'config.yaml'),
      ORCH_API_ENDPOINT: target.url,
      ORCH_TOKEN: target.token,
    },
    home: target.dir,
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stderrTerminal: () => tty,
    stdinIsTTY: options.stdinIsTTY ?? false,
    readStdin: async () => '',
    ask: async () => 'n',
    now: () => new Date(),
    transport: (caPem) => createHttpTransport({ caPem }),
    streamTransport: (caPem) => {
      const open = createStreamTransport({ caPem });
      return async (url, headers, abort) => {
        const response = await open(url, headers, abort);
        options.onStreamOpen?.();
        return response;
      };
    },
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr, terminal };
}
