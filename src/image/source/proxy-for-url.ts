/**
 * @module
 * Which HTTP proxy (if any) an image download goes through, from the usual environment variables:
 * `https_proxy` / `HTTPS_PROXY` for https:// URLs (tunnelled with CONNECT) and `no_proxy` /
 * `NO_PROXY` for the hosts that bypass it. Plain http:// URLs (tests and local mirrors only) are
 * always fetched directly.
 */
import { BlockList, isIP } from 'node:net';

/** The environment variables this module reads (a subset of `process.env`). */
export type ProxyEnv = Readonly<Record<string, string | undefined>>;

/** The lowercase name wins, as curl does; an empty value counts as unset. */
function pick(env: ProxyEnv, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * The proxy for `url`, or `undefined` for a direct connection. A proxy value without a scheme is
 * taken as `http://`. Throws a TypeError for a proxy value that is not a URL.
 */
export function proxyForUrl(url: URL, env: ProxyEnv): URL | undefined {
  if (url.protocol !== 'https:') return undefined;
  const proxy = pick(env, 'https_proxy');
  if (proxy === undefined) return undefined;
  if (bypassesProxy(url, pick(env, 'no_proxy') ?? '')) return undefined;
  return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`);
}

/**
 * True when `url`'s host matches an entry of a NO_PROXY list (comma or space separated): `*`
 * matches everything; `example.com` and `.example.com` match that host and its subdomains; an IP
 * matches itself and a CIDR block (`10.0.0.0/8`, `fd00::/8`) its addresses; `host:port` matches only
 * that port.
 */
export function bypassesProxy(url: URL, noProxy: string): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port === '' ? '443' : url.port;
  return noProxy
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .some((entry) => entry === '*' || entryMatches(entry.toLowerCase(), host, port));
}

function entryMatches(entry: string, host: string, port: string): boolean {
  const { name, entryPort } = splitPort(entry);
  if (entryPort !== undefined && entryPort !== port) return false;
  if (name.includes('/')) return inCidr(name, host);
  if (isIP(name) !== 0 || isIP(host) !== 0) return name === host;
  const domain = name.replace(/^\*?\./, '');
  return host === domain || host.endsWith(`.${domain}`);
}

/** `[::1]:8443`, `host:443`, `10.0.0.1` or a bare IPv6 address (which has no port). */
function splitPort(entry: string): { name: string; entryPort: string | undefined } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1] ?? '', entryPort: bracketed[2] };
  const withPort = /^([^:]+):(\d+)$/.exec(entry);
  if (withPort) return { name: withPort[1] ?? '', entryPort: withPort[2] };
  return { name: entry, entryPort: undefined };
}

function inCidr(cidr: string, host: string): boolean {
  const [network = '', bits = ''] = cidr.split('/');
  const family = isIP(network);
  const hostFamily = isIP(host);
  if (family === 0 || hostFamily !== family || !/^\d+$/.test(bits)) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const prefix = Number(bits);
  if (prefix > (family === 4 ? 32 : 128)) return false;
  const list = new BlockList();
  list.addSubnet(network, prefix, type);
  return list.check(host, type);
}
