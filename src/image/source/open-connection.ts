/**
 * @module
 * Opens the connection for one request: TCP (directly or through a CONNECT proxy), then for
 * https:// a TLS session whose certificate is verified BEFORE a single request byte is sent.
 *
 * Trust: with a profile certificate, it is the only anchor (`ca`), and `allowPartialTrustChain`
 * lets it be the server's own leaf as well as a CA; without one, Node's bundled roots. The
 * handshake runs with `rejectUnauthorized: false` only so that a refused certificate can be
 * described (subject, issuer, dates) in the error; the verdict of OpenSSL and of Node's host-name
 * check is read from `authorized` and a refused session is destroyed unused.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls, type PeerCertificate, type TLSSocket } from 'node:tls';
import { OrchError } from '../../core/errors/index.js';
import type { DestinationPolicy } from './destination-policy.js';
import { connectFailure, idleFailure, abortedFailure } from './http-failure.js';
import { openTunnel } from './proxy-tunnel.js';
import { formatName, tlsFailure, type PeerSummary } from './tls-failure.js';

/** What {@link openConnection} needs. */
export interface ConnectionOptions {
  /** Only trust anchor(s), PEM; undefined means the system roots. */
  readonly caPem: string | undefined;
  /** The HTTP proxy to tunnel through, if any. */
  readonly proxy: URL | undefined;
  /** Connect + handshake must finish within this many ms. */
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  /**
   * Where connections may go (orchd fetching for a tenant); absent: anywhere (a node fetching its
   * own image). With a policy the name is resolved here, every address judged, and the socket
   * opened to the judged address.
   */
  readonly policy?: DestinationPolicy;
  /** Resolves a name to all its addresses; default the system resolver (tests hand in their own). */
  readonly lookup?: LookupAll;
}

/** A resolver: every address of `host`, in the order to try them. */
export type LookupAll = (host: string) => Promise<readonly string[]>;

const systemLookup: LookupAll = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Read-side buffer of the TLS socket, which the response body inherits. At Node's default (16 KiB,
 * one TLS record) every record became one chunk and one trip through the download, hash and
 * decode stages; at 256 KiB a read hands over what has arrived since the last one, and a raw.zst
 * image went from ~5.6 to ~4.2 s per GiB. `highWaterMark` is a documented option of
 * `tls.connect` missing from @types/node, hence the spread.
 */
const receiveBuffer = { highWaterMark: 256 * 1024 };

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

function portOf(url: URL): number {
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}

function summarize(peer: PeerCertificate): PeerSummary {
  return {
    subject: formatName(peer.subject as unknown as Record<string, string>),
    issuer: formatName(peer.issuer as unknown as Record<string, string>),
    validFrom: peer.valid_from,
    validTo: peer.valid_to,
    subjectAltName: peer.subjectaltname,
  };
}

/**
 * The address to connect to, judged by the policy: an IP literal is judged as it is, a name by every
 * address it resolves to. Through a proxy the proxy resolves the name itself, so the host and port
 * rules apply and the addresses only when the name also resolves here.
 */
async function judgedAddress(url: URL, options: ConnectionOptions): Promise<string> {
  const host = hostOf(url);
  const { policy } = options;
  if (!policy) return host;
  let addresses: readonly string[] | null = [host];
  if (isIP(host) === 0) {
    try {
      addresses = await (options.lookup ?? systemLookup)(host);
    } catch (error) {
      if (!options.proxy) throw error;
      addresses = null;
    }
  }
  policy.check(host, portOf(url), addresses);
  return addresses?.[0] ?? host;
}

async function openTcp(url: URL, options: ConnectionOptions): Promise<Socket> {
  const host = hostOf(url);
  const address = await judgedAddress(url, options);
  if (options.proxy) {
    const authority = `${isIP(host) === 6 ? `[${host}]` : host}:${portOf(url)}`;
    return openTunnel(options.proxy, authority);
  }
  return new Promise((resolve, reject) => {
    // The judged address, never the name again: a second lookup could answer differently.
    const socket = connectTcp(portOf(url), address);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function startTls(url: URL, tcp: Socket, caPem: string | undefined): Promise<TLSSocket> {
  const host = hostOf(url);
  return new Promise((resolve, reject) => {
    const socket = connectTls({
      socket: tcp,
      host,
      servername: isIP(host) === 0 ? host : undefined,
      ...(caPem === undefined ? {} : { ca: caPem, allowPartialTrustChain: true }),
      rejectUnauthorized: false,
      ...receiveBuffer,
    });
    socket.once('secureConnect', () => {
      socket.off('error', reject);
      if (socket.authorized) return resolve(socket);
      const reason = String(socket.authorizationError);
      const peer = summarize(socket.getPeerCertificate());
      socket.destroy();
      reject(tlsFailure(url, reason, peer, caPem === undefined ? 'system' : 'profile'));
    });
    socket.once('error', reject);
  });
}

/** Races `work` against `stopped`; a socket that arrives after losing the race is destroyed. */
async function raceOrDestroy<T extends Socket>(work: Promise<T>, stopped: Promise<never>): Promise<T> {
  try {
    return await Promise.race([work, stopped]);
  } catch (error) {
    work.then(
      (socket) => socket.destroy(),
      () => undefined,
    );
    throw error;
  }
}

/**
 * A connected socket for `url`, verified when https://. Fails with CONNECT_FAILED (retryable),
 * a TLS_* code (not retryable), TIMEOUT or ABORTED.
 */
export async function openConnection(url: URL, options: ConnectionOptions): Promise<Socket> {
  const { signal } = options;
  if (signal?.aborted) throw abortedFailure(url, signal.reason);
  let stop: (error: unknown) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => (stop = reject));
  stopped.catch(() => undefined);
  const timer = setTimeout(() => stop(idleFailure(url, options.timeoutMs, 'connecting')), options.timeoutMs);
  const onAbort = (): void => stop(abortedFailure(url, signal?.reason));
  signal?.addEventListener('abort', onAbort, { once: true });
  const classify = (error: unknown): never => {
    throw error instanceof OrchError ? error : connectFailure(url, error, options.proxy?.href);
  };
  let tcp: Socket | undefined;
  try {
    tcp = await raceOrDestroy(openTcp(url, options), stopped).catch(classify);
    if (url.protocol !== 'https:') return tcp;
    return await raceOrDestroy(startTls(url, tcp, options.caPem), stopped).catch(classify);
  } catch (error) {
    tcp?.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
