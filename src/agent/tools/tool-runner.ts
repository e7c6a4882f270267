/**
 * System tools the agent runs on the node (mke2fs, efibootmgr, cryptsetup, reboot): one interface,
 * so tests see the exact command lines and a node without a tool gets a clear error.
 * @module
 */
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { OrchError } from '../../core/errors/index.js';

/** What a tool printed. */
export interface ToolResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs system tools. */
export interface ToolRunner {
  /** Runs `command args`; rejects with TOOL_FAILED (exit status and stderr in the message). */
  run(command: string, args: readonly string[], signal?: AbortSignal): Promise<ToolResult>;
  /** True when `command` is on the PATH. */
  has(command: string): Promise<boolean>;
}

/** Tools on this machine's PATH (plus /usr/sbin and /sbin, where mke2fs and efibootmgr live). */
export function systemToolRunner(env: NodeJS.ProcessEnv = process.env): ToolRunner {
  const path = [env.PATH ?? '', '/usr/sbin', '/sbin'].join(delimiter);
  return {
    run: (command, args, signal) =>
      new Promise((resolve, reject) => {
        execFile(
          command,
          [...args],
          { env: { ...env, PATH: path }, maxBuffer: 16 * 1024 * 1024, signal },
          (error, stdout, stderr) => {
            if (!error) return resolve({ stdout, stderr });
            const status = (error as { code?: unknown }).code;
            reject(
              new OrchError(
                'TOOL_FAILED',
                `${command} ${args.join(' ')} failed (${String(status)}): ${stderr.trim() || error.message}`,
                {
                  details: { command, args: [...args], status: String(status) },
                  cause: error,
                },
              ),
            );
          },
        );
      }),
    async has(command) {
      for (const dir of path.split(delimiter).filter(Boolean)) {
        try {
          await access(join(dir, command));
          return true;
        } catch {
          // not in this folder
        }
      }
      return false;
    },
  };
}
