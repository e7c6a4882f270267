import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ORCHD = fileURLToPath(new URL('../../../bin/orchd.ts', import.meta.url));
const STARTUP_TIMEOUT_MS = 30_000;

/** A running `orchd serve`. */
export interface OrchdProcess {
  readonly url: string;
  /** Everything written to stdout so far. */
  stdout(): string;
  stop(): Promise<void>;
}

/**
 * The environment of a child orchd: this one without ORCH_* settings that would leak in, and
 * without node:test's marker (a child that sees it reports to the test runner instead of running).
 */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('ORCH_') && key !== 'NODE_TEST_CONTEXT'),
  );
  return { ...env, ORCH_LOG_LEVEL: 'info', ...extra };
}

/** Starts `orchd serve <args>` through tsx and waits for its "orchd listening" log line. */
export async function startOrchd(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<OrchdProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ORCHD, 'serve', ...args], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    const onExit = (code: number | null) => fail(new Error(`orchd exited with ${code}:\n${out}\n${err}`));
    const timer = setTimeout(
      () => fail(new Error(`orchd did not start in time:\n${out}\n${err}`)),
      STARTUP_TIMEOUT_MS,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('exit', onExit);
    const onData = () => {
      const line = out.split('\n').find((l) => l.includes('"orchd listening"'));
      if (!line) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout!.off('data', onData);
      resolve((JSON.parse(line) as { url: string }).url);
    };
    child.stdout!.on('data', onData);
  });
  return { url, stdout: () => out, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Runs a one-shot orchd command; resolves with its exit code and output. */
export function runOrchd(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ORCHD, ...args], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), STARTUP_TIMEOUT_MS);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

/**
 * The `eo_...` secret in `export ORCH_TOKEN=...` lines, or undefined. An orchd whose stdout is
 * not a terminal writes the token to a file and logs its path (`tokenFile`): it is read there.
 */
export function printedToken(text: string): string | undefined {
  const printed = /export ORCH_TOKEN=(eo_[A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (printed) return printed;
  const file = /"tokenFile":"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
  if (!file) return undefined;
  return /export ORCH_TOKEN=(eo_[A-Za-z0-9_-]+)/.exec(
    readFileSync(JSON.parse(`"${file}"`) as string, 'utf8'),
  )?.[1];
}
