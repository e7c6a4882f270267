/**
 * @module
 * The profile's certificate(s) as the PEM text TLS wants. Profiles may carry PEM text, base64 of
 * PEM (EMF's tlsCaCert) or base64 DER; Node silently ignores a `ca` it cannot read, which would
 * turn a mistyped certificate into a misleading "not signed by the profile's certificate", so an
 * unreadable one is refused here, before any connection.
 */
import { X509Certificate } from 'node:crypto';
// Not the barrel: it pulls in @peculiar/x509 (~20 MiB of RSS), and node:crypto does all this needs.
import { decodeCertificateInput } from '../../core/certificates/certificate-input.js';
import { OrchError } from '../../core/errors/index.js';

const LABEL = "the profile's certificate (tlsCaCert)";

/**
 * Canonical PEM of every certificate in `text`. Throws InvalidArgument (naming what is wrong) for
 * text that holds no certificate, holds a private key, or holds a certificate that does not parse.
 */
export function trustAnchorsPem(text: string): string {
  const decoded = decodeCertificateInput(text, LABEL);
  if (!decoded.ok) {
    throw new OrchError('InvalidArgument', decoded.problem.message, {
      details: { field: 'caPem', rule: decoded.problem.rule },
    });
  }
  return decoded.ders
    .map((der, index) => {
      try {
        // OpenSSL's PEM: 64-character lines, LF line ends, one trailing LF.
        return new X509Certificate(der).toString();
      } catch (error) {
        const which = `certificate ${index + 1} of ${decoded.ders.length}`;
        throw new OrchError('InvalidArgument', `${LABEL}: ${which} is not a valid X.509 certificate`, {
          details: { field: 'caPem' },
          cause: error,
        });
      }
    })
    .join('');
}
