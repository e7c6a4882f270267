/**
 * @module
 * Runs a command line tool and returns what it printed (objdump, ldd, apt-cache).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs `command args` and returns its standard output; rejects with its stderr when it fails. */
export async function toolOutput(command: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run(command, [...args], { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}
