import type { HttpTransport, StreamTransport } from './api-client/http-transport.js';

/**
 * Everything the commands use from the outside world, passed in so tests can run the program
 * in-process and the entry point stays a few lines.
 */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The user's home folder (the config file defaults to `~/.orch-cli/config.yaml`). */
  readonly home: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * stderr when it is a terminal, where progress bars may redraw; undefined otherwise (a pipe or
   * a file gets plain progress lines). Absent means never a terminal.
   */
  readonly stderrTerminal?: () => NodeJS.WritableStream | undefined;
  /** Whether stdin is a terminal: prompts are only ever shown when it is. */
  readonly stdinIsTTY: boolean;
  /** All of stdin as text (`--password-stdin`). */
  readStdin(): Promise<string>;
  /** Asks `question` on the terminal and returns the answer line; `hidden` does not echo it. */
  ask(question: string, options?: { hidden?: boolean }): Promise<string>;
  /** The time certificates are checked against. */
  now(): Date;
  /** Builds the HTTP transport, trusting `caPem` for orchd's certificate when given. */
  transport(caPem: string | undefined): HttpTransport;
  /** Builds the transport for server-sent events (validation progress, host events). */
  streamTransport(caPem: string | undefined): StreamTransport;
}
