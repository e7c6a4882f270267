import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createApiClient, type ApiClient } from './api-client/api-client.js';
import { CliError, EXIT } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { configPath, readConfigFile } from './config/config-file.js';
import type { CliConfig } from './config/config-keys.js';
import { resolveSettings, type CliSettings, type SettingFlags } from './config/cli-settings.js';

/** What every command receives: the outside world and ways to reach orchd. */
export interface CliContext {
  readonly io: CliIo;
  /** The config file in use. */
  readonly configPath: string;
  loadConfig(): Promise<CliConfig>;
  /** Settings for `command`, its global flags included. */
  settings(command: Command): Promise<CliSettings>;
  /** An API client for `command`'s settings; `token` replaces the configured one (login). */
  client(command: Command, token?: string): Promise<{ client: ApiClient; settings: CliSettings }>;
}

/** Builds the context over `io`. */
export function createCliContext(io: CliIo): CliContext {
  const path = configPath(io.env, io.home);
  const loadConfig = () => readConfigFile(path);
  const settings = async (command: Command) =>
    resolveSettings(command.optsWithGlobals<SettingFlags>(), io.env, await loadConfig());
  return {
    io,
    configPath: path,
    loadConfig,
    settings,
    async client(command, token) {
      const s = await settings(command);
      const bearer = token ?? s.token;
      const clear = bearer ? plainHttpRemoteHost(s.apiEndpoint) : undefined;
      if (clear)
        io.stderr(
          `orch-cli: warning: sending the bearer token over plain HTTP to ${clear}, which is not this host; anyone on the path can read it (use https://)\n`,
        );
      const caPem = s.caCertPath ? await readCaCert(s.caCertPath) : undefined;
      const transport = io.transport(caPem);
      return {
        client: createApiClient({
          baseUrl: s.apiEndpoint,
          token: token ?? s.token,
          transport,
          streamTransport: io.streamTransport(caPem),
        }),
        settings: s,
      };
    },
  };
}

async function readCaCert(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ca-cert ${path}: ${(error as Error).message}`, EXIT.usage);
  }
}

/** The host of an `http://` endpoint that is not loopback (a token sent there crosses a network in clear), else undefined. */
export function plainHttpRemoteHost(endpoint: string): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:') return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  return loopback ? undefined : url.host;
}
