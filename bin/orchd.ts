#!/usr/bin/env node
/**
 * orchd: the edge-orch orchestrator daemon. Runs the command line of src/server/command-line; a served
 * orchd stops cleanly on SIGINT/SIGTERM.
 */
import { isOrchError } from '../src/core/errors/index.js';
import { buildOrchdProgram } from '../src/server/command-line/orchd-program.js';

const program = buildOrchdProgram({
  stdout: (text) => process.stdout.write(text),
  stdoutIsTty: process.stdout.isTTY === true,
  onServing: (server) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => void server.close().then(() => process.exit(0)));
    }
  },
});

program.parseAsync(process.argv).catch((error: unknown) => {
  const message = isOrchError(error)
    ? `${error.code}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);
  process.stderr.write(`orchd: ${message}\n`);
  process.exit(1);
});
