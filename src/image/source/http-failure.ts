/**
 * @module
 * The OrchErrors of the HTTP layer: an unwanted status, a connection that could not be made or
 * broke, a stall. Messages name the (redacted) URL and the cause in plain words.
 */
import { OrchError } from '../../core/errors/index.js';
import { redactUrl } from './redact-url.js';

/** The error for a final answer other than 200/206 (redirects are followed before this). */
export function statusFailure(url: URL, status: number, statusText: string | undefined): OrchError {
  const where = redactUrl(url);
  const said = `${status}${statusText ? ` ${statusText}` : ''}`;
  const details = { url: where, status };
  if (status === 404 || status === 410) {
    return new OrchError('HTTP_NOT_FOUND', `${where} does not exist on the server (HTTP ${said})`, {
      details,
    });
  }
  if (status === 401 || status === 403) {
    return new OrchError('HTTP_FORBIDDEN', `the server refused access to ${where} (HTTP ${said})`, {
      details,
    });
  }
  // 5xx, 408 and 429 are worth another try; any other 4xx will be answered the same way again.
  const retryable = status >= 500 || status === 408 || status === 429;
  return new OrchError('HTTP_STATUS', `the server answered HTTP ${said} for ${where}`, {
    details,
    retryable,
  });
}

/** Node's socket error codes in plain words. */
const NETWORK_WORDS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved right now',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  EPIPE: 'the connection was closed while sending',
};

/** A short plain-words cause for an error thrown by node:net, node:tls or node:http. */
export function describeNetworkError(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code in NETWORK_WORDS) return `${NETWORK_WORDS[code]} (${code})`;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${message} (${code})` : message;
}

/** The error for a connection that could not be made (or broke before a response). Retryable. */
export function connectFailure(url: URL, error: unknown, via?: string): OrchError {
  const where = redactUrl(url);
  const through = via ? ` through the proxy ${redactUrl(via)}` : '';
  return new OrchError('CONNECT_FAILED', `cannot reach ${where}${through}: ${describeNetworkError(error)}`, {
    details: { url: where },
    cause: error,
  });
}

/** The error for a request that received nothing for `idleMs`. Retryable. */
export function idleFailure(url: URL, idleMs: number, phase: string): OrchError {
  const where = redactUrl(url);
  return new OrchError('TIMEOUT', `${where} sent nothing for ${idleMs} ms (${phase})`, {
    details: { url: where, idleMs },
  });
}

/** The error for a body that ended (or broke) before its declared end. Retryable. */
export function truncatedFailure(
  url: URL,
  received: number,
  expected: number | undefined,
  why: string,
): OrchError {
  const where = redactUrl(url);
  const of = expected === undefined ? '' : ` of ${expected}`;
  return new OrchError('TRUNCATED', `the download of ${where} stopped after ${received}${of} bytes: ${why}`, {
    details: { url: where, received, expected },
  });
}

/** The error for a cancelled operation. */
export function abortedFailure(url: URL, reason: unknown): OrchError {
  const why = reason instanceof Error ? `: ${reason.message}` : '';
  return new OrchError('ABORTED', `the download of ${redactUrl(url)} was cancelled${why}`, { cause: reason });
}

/** The error for an image whose validators or size moved between requests. Not retryable. */
export function sourceChanged(url: URL, why: string, offset?: number): OrchError {
  const where = redactUrl(url);
  const after = offset === undefined ? '' : ` after ${offset} bytes were read`;
  return new OrchError('SOURCE_CHANGED', `${where} changed on the server${after}: ${why}`, {
    details: { url: where, ...(offset === undefined ? {} : { offset }) },
  });
}
