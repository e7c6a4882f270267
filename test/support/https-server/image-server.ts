/**
 * @module
 * A real HTTPS (or plain HTTP) image server on loopback for tests: GET and HEAD, single byte
 * ranges, If-Range with ETag and Last-Modified, and fault injection per path (dropped connections
 * and stalls at byte offsets, no range support, content that changes, error statuses, a slow rate).
 * Bodies are streamed, never loaded whole, so big files on disk can be served.
 */
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { ServedContent } from './served-content.js';
import {
  httpEpoch,
  newPathState,
  serve,
  type RequestRecord,
  type ServeContext,
  type ServedFile,
} from './serve-request.js';

export type { FileFaults, RequestRecord, ServedFile } from './serve-request.js';

/** Options of {@link startImageServer}. */
export interface ImageServerOptions {
  /** Certificate and key (PEM) to serve HTTPS with; omit for plain HTTP. */
  readonly tls?: { readonly cert: string; readonly key: string };
  /** Content by URL path (the query string is ignored when matching). Other paths answer 404. */
  readonly files: Readonly<Record<string, ServedContent | ServedFile>>;
  /** Paths answered with `302 Found` and this Location (relative or absolute). */
  readonly redirects?: Readonly<Record<string, string>>;
  /** Address to listen on (default 127.0.0.1); the port is chosen by the system. */
  readonly host?: string;
}

/** A running server. */
export interface ImageServer {
  readonly port: number;
  /** `https://127.0.0.1:<port><path>` (or `http://`); `host` replaces 127.0.0.1. */
  url(path: string, host?: string): string;
  /** Every request so far, in arrival order. */
  readonly requests: readonly RequestRecord[];
  /** TCP connections accepted so far (a TLS handshake refused by the client is one, without a request). */
  readonly connections: number;
  /** Connections open right now. */
  readonly openConnections: number;
  /** Resolves once no connection is open (at once when none is). */
  idle(): Promise<void>;
  /**
   * From now on `path` serves `entry`, its faults fresh (e.g. an image swapped upstream after it
   * was validated, or a server that turns slow or flaky once validation has read it). The ETag
   * changes with the size only: swap in content of another size when resumes must notice.
   */
  replace(path: string, entry: ServedContent | ServedFile): void;
  /** Stops listening and destroys open (including stalled) connections. */
  close(): Promise<void>;
}

/** Starts a server on an ephemeral loopback port. */
export async function startImageServer(options: ImageServerOptions): Promise<ImageServer> {
  const states = new Map(Object.entries(options.files).map(([path, entry]) => [path, newPathState(entry)]));
  const requests: RequestRecord[] = [];
  const context: ServeContext = {
    states,
    redirects: options.redirects ?? {},
    tag: randomBytes(4).toString('hex'),
    epoch: httpEpoch(),
  };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const record = serve(context, req, res);
    requests.push(record);
  };
  const server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler)
    : createHttpServer(handler);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const scheme = options.tls ? 'https' : 'http';
  let connections = 0;
  let openConnections = 0;
  let idleWaiters: (() => void)[] = [];
  server.on('connection', (socket: Socket) => {
    connections += 1;
    openConnections += 1;
    socket.once('close', () => {
      openConnections -= 1;
      if (openConnections > 0) return;
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    });
  });
  return {
    port,
    requests,
    get connections() {
      return connections;
    },
    get openConnections() {
      return openConnections;
    },
    replace: (path, entry) => void states.set(path, newPathState(entry)),
    idle: () =>
      openConnections === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve)),
    url: (path, urlHost = host) =>
      `${scheme}://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
