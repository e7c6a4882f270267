/**
 * @module
 * A tiny HTTP CONNECT proxy on loopback for tests of HTTPS_PROXY support: it tunnels
 * `CONNECT host:port` to the target and records every tunnel it opened.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** A running proxy. */
export interface ConnectProxy {
  /** `http://127.0.0.1:<port>`: the value for HTTPS_PROXY. */
  readonly url: string;
  /** The `host:port` of each CONNECT request, in order. */
  readonly tunnels: readonly string[];
  close(): Promise<void>;
}

/** Options of {@link startConnectProxy}. */
export interface ConnectProxyOptions {
  /** `user:password` the client must send as Basic Proxy-Authorization (else 407). */
  readonly credentials?: string;
}

function authorized(req: IncomingMessage, credentials: string | undefined): boolean {
  if (credentials === undefined) return true;
  return req.headers['proxy-authorization'] === `Basic ${Buffer.from(credentials).toString('base64')}`;
}

/** Starts the proxy on an ephemeral 127.0.0.1 port. Only loopback targets are tunnelled. */
export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => {
    res.writeHead(405, { 'content-type': 'text/plain' });
    res.end('CONNECT only');
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    if (!authorized(req, options.credentials)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n');
      return;
    }
    tunnels.push(target);
    const { hostname, port } = new URL(`http://${target}`);
    const host = hostname.replace(/^\[|\]$/g, '');
    if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
