import { CliError, EXIT } from '../cli-error.js';
import { toApiError } from './api-error.js';
import type { HttpTransport } from './http-transport.js';

/** A query string's values; undefined entries are left out. */
export type Query = Readonly<Record<string, string | number | undefined>>;

/** orchd's REST API as the commands use it. */
export interface ApiClient {
  /** The base URL requests go to (for messages). */
  readonly baseUrl: string;
  /** Sends a request and returns the parsed JSON answer (undefined for 204); throws ApiError or CliError. */
  request<T>(method: string, path: string, options?: { query?: Query; body?: unknown }): Promise<T>;
}

/** What the client needs: where orchd is, the token (may be absent for commands that need none). */
export interface ApiClientOptions {
  readonly baseUrl: string;
  readonly token: string | undefined;
  readonly transport: HttpTransport;
}

/**
 * Builds the client. Without a token every request fails with exit 3 before reaching the
 * network, telling the operator how to log in. Errors orchd returns keep their message; a
 * connection that fails (refused, DNS, TLS) exits 3 naming the endpoint.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const { baseUrl, token, transport } = options;
  return {
    baseUrl,
    async request<T>(method: string, path: string, opts: { query?: Query; body?: unknown } = {}) {
      if (!token) {
        throw new CliError(
          'not logged in: run `orch-cli login --token <token>` or set ORCH_TOKEN',
          EXIT.unreachable,
        );
      }
      const url = buildUrl(baseUrl, path, opts.query);
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
      };
      const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
      if (body !== undefined) headers['content-type'] = 'application/json';
      let response;
      try {
        response = await transport(method, url, headers, body);
      } catch (error) {
        throw new CliError(`cannot reach orchd at ${baseUrl}: ${reasonOf(error)}`, EXIT.unreachable, {
          cause: error,
        });
      }
      if (response.status >= 400) throw toApiError(response.status, response.text);
      if (response.status === 204 || response.text === '') return undefined as T;
      return JSON.parse(response.text) as T;
    },
  };
}

/** `baseUrl` + `path` + the defined query values; a base URL with a path prefix keeps it. */
export function buildUrl(baseUrl: string, path: string, query: Query = {}): URL {
  let url: URL;
  try {
    url = new URL(baseUrl.replace(/\/+$/, '') + path);
  } catch {
    throw new CliError(`api-endpoint "${baseUrl}" is not a URL (e.g. https://orch.example.com)`, EXIT.usage);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`api-endpoint "${baseUrl}" must be an http:// or https:// URL`, EXIT.usage);
  }
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url;
}

/** A network error's reason in a few words (Node's code when it has one). */
function reasonOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code && e.message && !e.message.includes(e.code)) return `${e.code}: ${e.message}`;
  return e.message ?? String(error);
}
