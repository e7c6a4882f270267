import { CliError, EXIT } from '../cli-error.js';
import { toApiError } from './api-error.js';
import type { HttpTransport, StreamResponse, StreamTransport } from './http-transport.js';

/** A query string's values; undefined entries are left out. */
export type Query = Readonly<Record<string, string | number | undefined>>;

/** orchd's REST API as the commands use it. */
export interface ApiClient {
  /** The base URL requests go to (for messages). */
  readonly baseUrl: string;
  /** Sends a request and returns the parsed JSON answer (undefined for 204); throws ApiError or CliError. */
  request<T>(method: string, path: string, options?: { query?: Query; body?: unknown }): Promise<T>;
  /**
   * Opens a `text/event-stream` GET (with `Last-Event-ID` when given) and returns the open
   * response; an error status throws ApiError, no connection CliError (exit 3).
   */
  openStream(
    path: string,
    options: { query?: Query; lastEventId?: string | undefined; signal: AbortSignal },
  ): Promise<StreamResponse>;
}

/** What the client needs: where orchd is, the token (may be absent for commands that need none). */
export interface ApiClientOptions {
  readonly baseUrl: string;
  readonly token: string | undefined;
  readonly transport: HttpTransport;
  /** For server-sent events; streams fail with exit 3 when absent. */
  readonly streamTransport?: StreamTransport;
}

/**
 * Builds the client. Without a token every request fails with exit 3 before reaching the
 * network, telling the operator how to log in. Errors orchd returns keep their message; a
 * connection that fails (refused, DNS, TLS) exits 3 naming the endpoint.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const { baseUrl, token, transport, streamTransport } = options;
  const requireToken = (): string => {
    if (!token) {
      throw new CliError(
        'not logged in: run `orch-cli login --token <token>` or set ORCH_TOKEN',
        EXIT.unreachable,
      );
    }
    return token;
  };
  const unreachable = (error: unknown) =>
    new CliError(`cannot reach orchd at ${baseUrl}: ${reasonOf(error)}`, EXIT.unreachable, { cause: error });
  return {
    baseUrl,
    async openStream(path, opts) {
      const secret = requireToken();
      const url = buildUrl(baseUrl, path, opts.query);
      if (!streamTransport) throw unreachable(new Error('this client cannot follow event streams'));
      const headers: Record<string, string> = {
        authorization: `Bearer ${secret}`,
        accept: 'text/event-stream',
        ...(opts.lastEventId !== undefined ? { 'last-event-id': opts.lastEventId } : {}),
      };
      let response;
      try {
        response = await streamTransport(url, headers, opts.signal);
      } catch (error) {
        throw unreachable(error);
      }
      if (response.status >= 400) throw toApiError(response.status, await response.text());
      return response;
    },
    async request<T>(method: string, path: string, opts: { query?: Query; body?: unknown } = {}) {
      const secret = requireToken();
      const url = buildUrl(baseUrl, path, opts.query);
      const headers: Record<string, string> = {
        authorization: `Bearer ${secret}`,
        accept: 'application/json',
      };
      const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
      if (body !== undefined) headers['content-type'] = 'application/json';
      let response;
      try {
        response = await transport(method, url, headers, body);
      } catch (error) {
        throw unreachable(error);
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
