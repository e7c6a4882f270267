/** The settings `orch-cli config set|get|unset` knows, as written in the config file. */
export const CONFIG_KEYS = ['api-endpoint', 'project', 'token', 'ca-cert'] as const;

/** One of {@link CONFIG_KEYS}. */
export type ConfigKey = (typeof CONFIG_KEYS)[number];

/** The config file's content: any subset of the keys, each a string. */
export type CliConfig = Partial<Record<ConfigKey, string>>;

/** Whether `key` is a known setting. */
export const isConfigKey = (key: string): key is ConfigKey =>
  (CONFIG_KEYS as readonly string[]).includes(key);

/** orchd's address when nothing is configured: a local orchd on its default port. */
export const DEFAULT_API_ENDPOINT = 'http://127.0.0.1:8080';

/** The project orchd seeds on first start, used when none is configured. */
export { DEFAULT_PROJECT } from '../../core/projects/index.js';
