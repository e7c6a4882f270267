/**
 * @module
 * Measuring one command of a benchmark: wall time, and CPU seconds (user + system) of the command
 * and of every process it waited for (decoders, a shell pipeline's stages), read from this
 * process's own `cutime`/`cstime` in /proc/self/stat, which the kernel adds each reaped child's
 * totals to. CPU time is far steadier than wall time on a shared machine.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ; 100 on every Linux architecture Node runs on). */
const TICKS_PER_SECOND = 100;

/** User and system CPU seconds of the reaped children of this process so far. */
export function childrenCpu(): { user: number; system: number } {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // cutime and cstime are fields 16 and 17 of proc(5); fields[0] here is field 3 (state).
  return { user: Number(fields[13]) / TICKS_PER_SECOND, system: Number(fields[14]) / TICKS_PER_SECOND };
}

/** What one {@link measured} run cost. */
export interface Measured {
  readonly stdout: string;
  readonly wallSeconds: number;
  /** user + system of the command and all its waited-for descendants. */
  readonly cpuSeconds: number;
  readonly userSeconds: number;
  readonly systemSeconds: number;
}

/**
 * Runs a command to completion (rejecting on a non-zero exit) and measures it. Nothing else may
 * reap children of this process meanwhile, or their time would be counted too: run one at a time.
 */
export function measured(
  command: string,
  args: readonly string[],
  env?: NodeJS.ProcessEnv,
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const before = childrenCpu();
    const started = performance.now();
    const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.once('error', reject);
    child.once('close', (code) => {
      const wallSeconds = (performance.now() - started) / 1000;
      const after = childrenCpu();
      if (code !== 0) return reject(new Error(`${command} failed (${code}): ${stderr.trim()}`));
      const userSeconds = after.user - before.user;
      const systemSeconds = after.system - before.system;
      resolve({ stdout, wallSeconds, userSeconds, systemSeconds, cpuSeconds: userSeconds + systemSeconds });
    });
  });
}

/** The machine's 1-minute load average and core count, and whether wall times mean anything. */
export function machineLoad(): { load: number; cores: number; quiet: boolean } {
  const load = loadavg()[0]!;
  const cores = availableParallelism();
  return { load, cores, quiet: load <= cores };
}
