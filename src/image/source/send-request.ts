/**
 * @module
 * Sends one GET or HEAD over a verified connection and waits (bounded) for the response head,
 * following redirects. The body is left unread for the caller.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { OrchError } from '../../core/errors/index.js';
import { abortedFailure, connectFailure, idleFailure } from './http-failure.js';
import { openConnection, type ConnectionOptions } from './open-connection.js';
import { redactUrl } from './redact-url.js';

/** Redirects followed before giving up (curl's default is 50; real image hosts need 1 or 2). */
export const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'edge-orch-image-source';

/** How requests are made; one per source. */
export interface RequestContext {
  readonly idleTimeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly allowHttp: boolean;
  /** Connection options for a URL (the proxy depends on the host). */
  connection(url: URL): ConnectionOptions;
}

/** A response head and the URL it finally came from. */
export interface Answer {
  readonly url: URL;
  readonly response: IncomingMessage;
}

/** INSECURE_URL unless the URL is https:// (or http:// with `allowHttp`). */
export function checkScheme(url: URL, allowHttp: boolean): void {
  if (url.protocol === 'https:' || (url.protocol === 'http:' && allowHttp)) return;
  const what = url.protocol === 'http:' ? 'plain http:// is not allowed' : `${url.protocol} is not supported`;
  throw new OrchError('INSECURE_URL', `${redactUrl(url)}: ${what}; use an https:// URL`, {
    details: { url: redactUrl(url) },
  });
}

function basicAuth(url: URL): Record<string, string> {
  if (url.username === '' && url.password === '') return {};
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return { authorization: `Basic ${Buffer.from(pair).toString('base64')}` };
}

async function requestOnce(
  url: URL,
  method: 'GET' | 'HEAD',
  headers: Record<string, string>,
  context: RequestContext,
): Promise<IncomingMessage> {
  const socket = await openConnection(url, context.connection(url));
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      method,
      path: `${url.pathname}${url.search}`,
      headers: {
        host: url.host,
        'user-agent': USER_AGENT,
        'accept-encoding': 'identity',
        ...basicAuth(url),
        ...headers,
      },
      createConnection: () => socket,
    });
    const timer = setTimeout(
      () => req.destroy(idleFailure(url, context.idleTimeoutMs, 'waiting for the response')),
      context.idleTimeoutMs,
    );
    const onAbort = (): void => void req.destroy(abortedFailure(url, context.signal?.reason));
    context.signal?.addEventListener('abort', onAbort, { once: true });
    const done = (): void => {
      clearTimeout(timer);
      context.signal?.removeEventListener('abort', onAbort);
    };
    req.once('response', (response) => {
      done();
      resolve(response);
    });
    req.on('error', (error) => {
      done();
      socket.destroy();
      reject(error instanceof OrchError ? error : connectFailure(url, error));
    });
    req.end();
  });
}

/**
 * The next hop of a redirect. Credentials never travel in a Location (a server could otherwise make
 * orchd send Basic auth of its choosing), and the operator's own credentials stay with their origin.
 */
export function redirectTarget(location: string, from: URL): URL {
  const target = new URL(location, from);
  const ownUserinfo = URL.canParse(location) && /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(location);
  if (ownUserinfo || target.origin !== from.origin) {
    target.username = '';
    target.password = '';
  }
  return target;
}

/**
 * Sends `method` to `url` and follows up to {@link MAX_REDIRECTS} redirects (each target must pass
 * the same scheme rule, and the connection of each hop the destination policy). Resolves with the
 * first non-redirect response head.
 */
export async function sendRequest(
  url: URL,
  method: 'GET' | 'HEAD',
  headers: Record<string, string>,
  context: RequestContext,
): Promise<Answer> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    checkScheme(current, context.allowHttp);
    const response = await requestOnce(current, method, headers, context);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode ?? 0) || location === undefined) return { url: current, response };
    response.destroy();
    current = redirectTarget(location, current);
  }
  throw new OrchError('HTTP_STATUS', `${redactUrl(url)} redirects more than ${MAX_REDIRECTS} times`, {
    retryable: false,
    details: { url: redactUrl(url) },
  });
}
