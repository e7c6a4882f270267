import { OrchError } from '../../core/errors/index.js';

/** Where orchd listens. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Parses `--listen`: `HOST:PORT`, `[IPV6]:PORT` or a bare `PORT` (all interfaces). Port 0 asks
 * the OS for a free port (tests). InvalidArgument for anything else.
 */
export function parseListenAddress(text: string): ListenAddress {
  const match =
    /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim()) ??
    /^()()(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || !(port >= 0 && port <= 65535)) {
    throw new OrchError(
      'InvalidArgument',
      `--listen '${text}' must be HOST:PORT, [IPv6]:PORT or PORT (0..65535)`,
    );
  }
  const host = match[1] || match[2] || '0.0.0.0';
  return { host, port };
}
