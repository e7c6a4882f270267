import { OrchError } from '../../core/errors/index.js';

/** One address of a network interface, as `os.networkInterfaces()` lists it. */
export interface InterfaceAddress {
  readonly address: string;
  readonly family: string;
  readonly internal: boolean;
}

/**
 * `--public-url`: the URL nodes reach orchd at, written into every plan and user-data. http or
 * https, a host, no credentials, query or fragment; a trailing `/` is dropped.
 */
export function checkPublicUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OrchError('InvalidArgument', `--public-url '${text}' is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new OrchError('InvalidArgument', `--public-url '${text}' must be an http:// or https:// URL`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new OrchError(
      'InvalidArgument',
      `--public-url '${text}' must not carry credentials, a query or a fragment`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * The URL nodes reach orchd at when `--public-url` is not given: the listen address and the port
 * it got; when orchd listens on every interface, the first non-internal IPv4 address (else the
 * first non-internal IPv6 one, else the host name). Plans are written with it, so a wrong guess
 * is visible in the log line that names it and fixed with `--public-url`.
 */
export function derivePublicUrl(input: {
  readonly host: string;
  readonly port: number;
  readonly https: boolean;
  readonly interfaces: readonly InterfaceAddress[];
  readonly hostName: string;
}): string {
  const scheme = input.https ? 'https' : 'http';
  let host = input.host;
  if (host === '0.0.0.0' || host === '::' || host === '') {
    const external = input.interfaces.filter((a) => !a.internal);
    const v4 = external.find((a) => a.family === 'IPv4' || a.family === '4');
    const v6 = external.find(
      (a) => (a.family === 'IPv6' || a.family === '6') && !a.address.startsWith('fe80'),
    );
    host = v4?.address ?? v6?.address ?? input.hostName;
  }
  const shown = host.includes(':') ? `[${host}]` : host;
  return `${scheme}://${shown}:${input.port}`;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * The certificate blocks of a PEM text, each ending in a newline ('' when none): what goes into a
 * node's user-data as the CA it trusts for orchd. Keys and other blocks are never copied.
 */
export function pemCertificates(text: string): string {
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  return blocks.map((block) => `${block}\n`).join('');
}
