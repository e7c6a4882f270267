import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';

/** One HTTP exchange as the API client sees it. */
export interface HttpResponse {
  readonly status: number;
  readonly text: string;
}

/** Sends one request; resolves with any status, rejects only when there is no answer. */
export type HttpTransport = (
  method: string,
  url: URL,
  headers: Readonly<Record<string, string>>,
  body: string | undefined,
) => Promise<HttpResponse>;

/** How long a request may take before the CLI gives up (orchd answers in milliseconds). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * The real transport over node:http / node:https. `caPem`, when given, is trusted for orchd's
 * certificate on top of the system roots: a private CA, a self-signed certificate, or orchd's own
 * leaf as `openssl s_client` captures it (a partial chain: the leaf itself is the trust anchor).
 */
export function createHttpTransport(
  options: { caPem?: string | undefined; timeoutMs?: number } = {},
): HttpTransport {
  const timeout = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const ca = options.caPem ? [...rootCertificates, options.caPem] : undefined;
  return (method, url, headers, body) =>
    new Promise((resolve, reject) => {
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        url,
        { method, headers, timeout, ...(ca ? { ca, allowPartialTrustChain: true } : {}) },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeout / 1000} s`)));
      req.on('error', reject);
      req.end(body);
    });
}

/** An open response whose body is read as it arrives (server-sent events). */
export interface StreamResponse {
  readonly status: number;
  /** The body's chunks until the server ends it or the request is aborted. */
  readonly body: AsyncIterable<Uint8Array>;
  /** The whole body as text (for an error answer). */
  text(): Promise<string>;
}

/** Opens a GET whose body streams; rejects only when there is no answer. `signal` aborts it. */
export type StreamTransport = (
  url: URL,
  headers: Readonly<Record<string, string>>,
  signal: AbortSignal,
) => Promise<StreamResponse>;

/**
 * The streaming transport over node:http / node:https, trusting `caPem` as
 * {@link createHttpTransport} does. No overall timeout (a stream lives as long as it is
 * followed); a connection that cannot be opened fails within `connectTimeoutMs`.
 */
export function createStreamTransport(
  options: { caPem?: string | undefined; connectTimeoutMs?: number } = {},
): StreamTransport {
  const connectTimeout = options.connectTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const ca = options.caPem ? [...rootCertificates, options.caPem] : undefined;
  return (url, headers, signal) =>
    new Promise((resolve, reject) => {
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        url,
        { method: 'GET', headers, signal, ...(ca ? { ca, allowPartialTrustChain: true } : {}) },
        (res) => {
          clearTimeout(timer);
          res.on('error', () => {}); // the reader sees the end of the stream
          resolve({
            status: res.statusCode ?? 0,
            body: res,
            text: async () => {
              const chunks: Buffer[] = [];
              for await (const chunk of res) chunks.push(chunk as Buffer);
              return Buffer.concat(chunks).toString('utf8');
            },
          });
        },
      );
      const timer = setTimeout(
        () => req.destroy(new Error(`no answer within ${connectTimeout / 1000} s`)),
        connectTimeout,
      );
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end();
    });
}
