import { DEFAULT_API_ENDPOINT, DEFAULT_PROJECT, type CliConfig } from './config-keys.js';

/** What a command needs to reach orchd, after flags, environment and config file are merged. */
export interface CliSettings {
  /** orchd's base URL, without a trailing slash. */
  readonly apiEndpoint: string;
  readonly project: string;
  /** The bearer token; undefined when not logged in. */
  readonly token: string | undefined;
  /** A PEM file trusted for orchd's HTTPS certificate (in addition to the system roots). */
  readonly caCertPath: string | undefined;
}

/** The global flags that override settings. */
export interface SettingFlags {
  readonly apiEndpoint?: string | undefined;
  readonly project?: string | undefined;
  readonly caCert?: string | undefined;
}

const firstSet = (...values: (string | undefined)[]): string | undefined =>
  values.find((value) => value !== undefined && value !== '');

/**
 * Merges the sources, strongest first: flags, then `ORCH_API_ENDPOINT` / `ORCH_PROJECT` /
 * `ORCH_TOKEN` / `ORCH_CA_CERT`, then the config file, then the defaults (a local orchd on
 * port 8080, project "default").
 */
export function resolveSettings(
  flags: SettingFlags,
  env: Readonly<Record<string, string | undefined>>,
  file: CliConfig,
): CliSettings {
  const endpoint =
    firstSet(flags.apiEndpoint, env['ORCH_API_ENDPOINT'], file['api-endpoint']) ?? DEFAULT_API_ENDPOINT;
  return {
    apiEndpoint: endpoint.replace(/\/+$/, ''),
    project: firstSet(flags.project, env['ORCH_PROJECT'], file.project) ?? DEFAULT_PROJECT,
    token: firstSet(env['ORCH_TOKEN'], file.token),
    caCertPath: firstSet(flags.caCert, env['ORCH_CA_CERT'], file['ca-cert']),
  };
}
