import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { CliError, EXIT } from '../cli-error.js';
import { isConfigKey, type CliConfig } from './config-keys.js';

/**
 * Where the config lives: `$ORCH_CLI_CONFIG` when set, else `~/.orch-cli/config.yaml`.
 * `home` is passed in so tests never touch the real home folder.
 */
export function configPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  return env['ORCH_CLI_CONFIG'] || join(home, '.orch-cli', 'config.yaml');
}

/** Reads the config file; a missing file is an empty config. Unknown keys are dropped. */
export async function readConfigFile(path: string): Promise<CliConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError(`cannot read the config file ${path}: ${(error as Error).message}`, EXIT.usage);
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new CliError(`the config file ${path} is not valid YAML: ${(error as Error).message}`, EXIT.usage);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new CliError(`the config file ${path} must be a YAML map of settings`, EXIT.usage);
  }
  const config: CliConfig = {};
  for (const [key, value] of Object.entries(data)) {
    if (isConfigKey(key) && value !== null && value !== undefined) config[key] = String(value);
  }
  return config;
}

/**
 * Writes the config file with mode 0600 (it may hold a token), creating its folder (0700).
 * Written to a temporary file and renamed, so a crash never leaves half a file.
 */
export async function writeConfigFile(path: string, config: CliConfig): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, stringify(config), { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}
