/**
 * @module
 * Opens a TCP tunnel to `host:port` through an HTTP proxy with `CONNECT` (RFC 9110 section 9.3.6);
 * TLS then runs end to end through it, so the proxy never sees the image or the trust decision.
 */
import { connect, type Socket } from 'node:net';
import { OrchError } from '../../core/errors/index.js';
import { redactUrl } from './redact-url.js';

/** Largest proxy answer head we read before giving up on it. */
const MAX_HEAD_BYTES = 16 * 1024;

/** `Proxy-Authorization` for a proxy URL with `user:password@`, if any. */
function proxyAuthorization(proxy: URL): string | undefined {
  if (proxy.username === '' && proxy.password === '') return undefined;
  const pair = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${Buffer.from(pair).toString('base64')}`;
}

/** The CONNECT request head. `authority` is `host:port` (IPv6 hosts in brackets). */
export function connectRequestHead(authority: string, proxy: URL): string {
  const auth = proxyAuthorization(proxy);
  return (
    `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n` +
    (auth ? `Proxy-Authorization: ${auth}\r\n` : '') +
    '\r\n'
  );
}

/**
 * Connects to `proxy` and asks it for a tunnel to `authority`. Resolves with the socket once the
 * proxy answered 2xx. A proxy that cannot be reached or refuses fails with CONNECT_FAILED (a 407
 * is not retryable); only `http://` proxies are supported.
 */
export function openTunnel(proxy: URL, authority: string): Promise<Socket> {
  if (proxy.protocol !== 'http:') {
    const message = `the proxy ${redactUrl(proxy)} is not an http:// proxy; only http:// proxies are supported`;
    return Promise.reject(new OrchError('CONNECT_FAILED', message, { retryable: false }));
  }
  return new Promise((resolve, reject) => {
    const socket = connect(Number(proxy.port || 80), proxy.hostname.replace(/^\[|\]$/g, ''));
    let head = Buffer.alloc(0);
    const fail = (error: unknown): void => {
      socket.destroy();
      reject(error);
    };
    const onEnd = (): void => fail(refused(proxy, 'a closed connection', true));
    const onData = (data: Buffer): void => {
      head = Buffer.concat([head, data]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > MAX_HEAD_BYTES) fail(refused(proxy, 'an oversized answer', false));
        return;
      }
      socket.off('data', onData);
      socket.off('error', fail);
      socket.off('end', onEnd);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, end).toString('latin1'))?.[1];
      if (status === undefined || !status.startsWith('2')) {
        return fail(refused(proxy, status ? `HTTP ${status}` : 'a malformed answer', status !== '407'));
      }
      const rest = head.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      resolve(socket);
    };
    socket.once('connect', () => socket.write(connectRequestHead(authority, proxy)));
    socket.on('data', onData);
    socket.on('error', fail);
    socket.once('end', onEnd);
  });
}

function refused(proxy: URL, answer: string, retryable: boolean): OrchError {
  return new OrchError('CONNECT_FAILED', `the proxy ${redactUrl(proxy)} answered CONNECT with ${answer}`, {
    retryable,
  });
}
