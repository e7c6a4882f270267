import { homedir } from 'node:os';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { createHttpTransport, createStreamTransport } from './api-client/http-transport.js';
import type { CliIo } from './cli-io.js';

/** Reads one line from the terminal; `hidden` keeps the typed text off the screen (passwords). */
function askOnTerminal(question: string, hidden: boolean): Promise<string> {
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  // The interface (raw mode, no echo when hidden) exists before the question shows, so nothing
  // typed right after the prompt appears is echoed by the terminal.
  const rl = createInterface({
    input: process.stdin,
    output: hidden ? silent : process.stderr,
    terminal: true,
  });
  process.stderr.write(question);
  return new Promise((resolve) =>
    rl.once('line', (line) => {
      rl.close();
      if (hidden) process.stderr.write('\n');
      resolve(line);
    }),
  );
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The real process: its environment, streams, terminal and network. */
export function nodeCliIo(): CliIo {
  // `orch-cli list osp | head` closes the pipe early: stop quietly, as other command line tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return {
    env: process.env,
    home: homedir(),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stderrTerminal: () => (process.stderr.isTTY ? process.stderr : undefined),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    readStdin: readAllStdin,
    ask: (question, options = {}) => askOnTerminal(question, options.hidden ?? false),
    now: () => new Date(),
    transport: (caPem) => createHttpTransport({ caPem }),
    streamTransport: (caPem) => createStreamTransport({ caPem }),
  };
}
