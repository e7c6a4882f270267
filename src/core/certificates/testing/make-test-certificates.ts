/**
 * Test-only certificate factory: small ECDSA P-256 certificates made with WebCrypto, so tests
 * build exactly the CA, leaf, expired or not-yet-valid certificate they need in milliseconds.
 */
import {
  BasicConstraintsExtension,
  SubjectAlternativeNameExtension,
  type Extension,
  X509CertificateGenerator,
  type X509Certificate,
} from '@peculiar/x509';

const ALGORITHMS = {
  ecdsa: { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' },
  // Most real image servers still present RSA certificates.
  rsa: {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  },
} as const;

export interface TestCertificate {
  readonly cert: X509Certificate;
  readonly keys: CryptoKeyPair;
  /** PEM text as `openssl x509 -outform PEM` writes it. */
  readonly pem: string;
}

export interface TestCertificateOptions {
  /** Distinguished name, e.g. `CN=Test CA, O=edge-orch tests`. */
  readonly name: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Issue a CA certificate (basicConstraints cA). Default false. */
  readonly ca?: boolean;
  /** Signer; absent: self-signed. */
  readonly issuer?: TestCertificate;
  /** DNS names for subjectAltName. */
  readonly dnsNames?: readonly string[];
  /** Key type. Default `ecdsa` (P-256), which is fast to generate. */
  readonly keyType?: keyof typeof ALGORITHMS;
}

type CryptoKeyPair = { publicKey: CryptoKey; privateKey: CryptoKey };
type CryptoKey = Parameters<typeof X509CertificateGenerator.create>[0]['publicKey'] & object;

let serial = 1;

/** Makes one certificate, self-signed or signed by `options.issuer`. */
export async function makeTestCertificate(options: TestCertificateOptions): Promise<TestCertificate> {
  const algorithm = ALGORITHMS[options.keyType ?? 'ecdsa'];
  const usages: ['sign', 'verify'] = ['sign', 'verify'];
  const keys = (await globalThis.crypto.subtle.generateKey(algorithm, true, usages)) as CryptoKeyPair;
  const extensions: Extension[] = [new BasicConstraintsExtension(options.ca ?? false, undefined, true)];
  if (options.dnsNames) {
    extensions.push(
      new SubjectAlternativeNameExtension(options.dnsNames.map((value) => ({ type: 'dns', value }))),
    );
  }
  const common = {
    serialNumber: (serial++).toString(16).padStart(2, '0'),
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    signingAlgorithm: algorithm,
    extensions,
  };
  const cert = options.issuer
    ? await X509CertificateGenerator.create({
        ...common,
        subject: options.name,
        issuer: options.issuer.cert.subject,
        publicKey: keys.publicKey,
        signingKey: options.issuer.keys.privateKey,
      })
    : await X509CertificateGenerator.createSelfSigned({ ...common, name: options.name, keys });
  return { cert, keys, pem: `${cert.toString('pem')}\n` };
}

/** base64 of the text, wrapped like `base64` without `-w0` (76 columns) when `wrap` is set. */
export function base64Of(text: string, wrap = false): string {
  const encoded = btoa(text);
  return wrap ? (encoded.match(/.{1,76}/g) ?? []).join('\n') : encoded;
}
