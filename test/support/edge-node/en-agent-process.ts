/**
 * @module
 * The en-agent program (bin/en-agent.ts, through tsx) as a child process: a virtual edge node on a
 * file disk. Its log lines are collected (and handed to `onLine` as they come, e.g. to kill it
 * mid-stream); it is killed if the test process exits first, so nothing is left running. The same
 * node run in this process (`provisionNode`) starts from {@link inProcessNodeOptions}.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { ProvisionNodeOptions } from '../../../src/agent/provision-node.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

/** How the program ended. */
export interface AgentExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Everything it printed (its log goes to stderr). */
  readonly output: string;
}

/** A running en-agent. */
export interface AgentProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<AgentExit>;
  /** Lines printed so far. */
  readonly lines: readonly string[];
}

/** Flags of a virtual edge node (see `en-agent --help`). */
export interface VirtualNodeFlags {
  readonly orchestrator: string;
  readonly disk: string;
  readonly diskSize: string;
  readonly uuid: string;
  readonly serial: string;
  readonly stateDir?: string;
  readonly secureBoot?: 'on' | 'off';
  /** A root whose sys/bus/pci/devices is the node's PCI inventory (`--sys-root`). */
  readonly sysRoot?: string;
}

/** The command line for `flags`. */
export function agentArgs(flags: VirtualNodeFlags): string[] {
  return [
    '--orchestrator', flags.orchestrator,
    '--disk', flags.disk,
    '--disk-size', flags.diskSize,
    '--uuid', flags.uuid,
    '--serial', flags.serial,
    ...(flags.stateDir ? ['--state-dir', flags.stateDir] : []),
    ...(flags.secureBoot ? ['--secure-boot', flags.secureBoot] : []),
    ...(flags.sysRoot ? ['--sys-root', flags.sysRoot] : []),
  ]; // prettier-ignore
}

/** Starts `en-agent` with `flags`. */
export function startEnAgent(flags: VirtualNodeFlags, onLine?: (line: string) => void): AgentProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', `${ROOT}bin/en-agent.ts`, ...agentArgs(flags)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let output = '';
  let partial = '';
  const take = (text: string): void => {
    output += text;
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      onLine?.(line);
    }
  };
  child.stdout.setEncoding('utf8').on('data', take);
  child.stderr.setEncoding('utf8').on('data', take);
  const onExit = (): void => void child.kill('SIGKILL');
  process.once('exit', onExit);
  const exited = new Promise<AgentExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      process.removeListener('exit', onExit);
      if (partial) lines.push(partial);
      resolve({ code, signal, output });
    });
  });
  return { child, exited, lines };
}

/** Runs `en-agent` with `flags` to its end. */
export function runEnAgent(flags: VirtualNodeFlags): Promise<AgentExit> {
  return startEnAgent(flags).exited;
}

/**
 * `provisionNode`'s options for the node `node` against orchd at `orchestratorUrl`: silent, and
 * retrying a broken download after 5 to 20 ms (not seconds). The caller adds the disk (and any
 * sysfs root or Secure Boot state).
 */
export function inProcessNodeOptions(
  orchestratorUrl: string,
  node: { readonly uuid: string; readonly serialNumber: string },
): ProvisionNodeOptions {
  return {
    orchestratorUrl,
    uuid: node.uuid,
    serial: node.serialNumber,
    log: () => undefined,
    imageSource: { backoff: { initialMs: 5, maxMs: 20 } },
  };
}
