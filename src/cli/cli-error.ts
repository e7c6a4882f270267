/**
 * @module
 * The CLI's own failure: a message for the operator and the exit code it ends with. Errors from
 * orchd keep their wording; the CLI only chooses the exit code.
 */

/** Exit codes of orch-cli, stable for scripts. */
export const EXIT = Object.freeze({
  /** The command did what it was asked. */
  ok: 0,
  /** The request failed: validation, conflict, not found, or a server error. */
  failed: 1,
  /** The command line itself is wrong (unknown flag, missing argument, unreadable input file). */
  usage: 2,
  /** orchd cannot be reached, or refused the credentials. */
  unreachable: 3,
});

/** One of the {@link EXIT} codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the CLI reports as `error: <message>` (plus optional lines) and exits with `exitCode`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  /** Extra lines printed after the message (e.g. the hosts using a profile). */
  readonly lines: readonly string[];

  constructor(
    message: string,
    readonly exitCode: ExitCode,
    options: { lines?: readonly string[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.lines = options.lines ?? [];
  }
}

/** A usage error (exit 2). */
export const usageError = (message: string): CliError => new CliError(message, EXIT.usage);
