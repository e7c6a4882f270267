/**
 * @module
 * Turns a refused server certificate into the OrchError an operator can act on: which URL, why
 * (not signed by the profile's certificate, wrong host, out of its validity period) and what the
 * certificate says about itself.
 */
import { OrchError } from '../../core/errors/index.js';
import { redactUrl } from './redact-url.js';

/** What a refused certificate says about itself (from `tls.PeerCertificate`). */
export interface PeerSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
  /** e.g. `DNS:localhost, IP Address:127.0.0.1`. */
  readonly subjectAltName: string | undefined;
}

/** Where trust came from: the profile's certificate, or the system's authorities. */
export type TrustSource = 'profile' | 'system';

const EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const HOSTNAME = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH', 'IP_ADDRESS_MISMATCH']);

/** `{CN: 'a', O: 'b'}` -> `CN=a, O=b`. */
export function formatName(
  name: Readonly<Record<string, string | string[] | undefined>> | undefined,
): string {
  if (!name) return '(none)';
  const parts = Object.entries(name).flatMap(([key, value]) =>
    value === undefined ? [] : [`${key}=${Array.isArray(value) ? value.join('+') : value}`],
  );
  return parts.length === 0 ? '(empty)' : parts.join(', ');
}

/**
 * The OrchError for a certificate the TLS layer refused with `reason` (an OpenSSL verify code such
 * as `UNABLE_TO_GET_ISSUER_CERT_LOCALLY`, or Node's `ERR_TLS_CERT_ALTNAME_INVALID`). None of them
 * is retryable: the same certificate will be refused again.
 */
export function tlsFailure(url: URL, reason: string, peer: PeerSummary, trust: TrustSource): OrchError {
  const where = `the certificate of ${redactUrl(url)}`;
  const facts = `subject ${peer.subject}, issuer ${peer.issuer}`;
  const details = { url: redactUrl(url), reason, ...peer };
  if (EXPIRED.has(reason)) {
    const when =
      reason === 'CERT_HAS_EXPIRED' ? `expired on ${peer.validTo}` : `is not valid before ${peer.validFrom}`;
    return new OrchError('TLS_CERT_EXPIRED', `${where} ${when} (${facts})`, { details });
  }
  if (HOSTNAME.has(reason)) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const names = peer.subjectAltName ?? `only ${peer.subject}`;
    return new OrchError(
      'TLS_HOSTNAME_MISMATCH',
      `${where} does not name the host ${host} (it names ${names})`,
      {
        details,
      },
    );
  }
  const anchor =
    trust === 'profile'
      ? "is not signed by the profile's certificate"
      : "is not trusted by the system's certificate authorities (give the profile the server's certificate or its CA)";
  return new OrchError('TLS_UNTRUSTED', `${where} ${anchor} (${facts}; ${reason})`, { details });
}
