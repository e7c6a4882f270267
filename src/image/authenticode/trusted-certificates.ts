/**
 * The operator's Secure Boot certificates (PEM, one or more; or base64) as pkijs certificates.
 * @module
 */
import * as pkijs from 'pkijs';
import { decodeCertificateInput } from '../../core/certificates/index.js';
import { OrchError } from '../../core/errors/index.js';

/** Parses the trust anchors; InvalidArgument when the text holds no certificate. `label` names the field. */
export function parseTrustedCertificates(text: string, label = 'secureBootCerts'): pkijs.Certificate[] {
  const decoded = decodeCertificateInput(text, label);
  if (!decoded.ok) throw new OrchError('InvalidArgument', decoded.problem.message);
  return decoded.ders.map((der, index) => {
    try {
      return pkijs.Certificate.fromBER(der);
    } catch (cause) {
      throw new OrchError('InvalidArgument', `${label}: certificate ${index + 1} is not valid X.509`, {
        cause,
      });
    }
  });
}
