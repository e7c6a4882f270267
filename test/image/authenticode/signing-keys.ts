/**
 * Secure Boot style keys for the Authenticode tests: self-signed db keys and a root CA with a
 * signing certificate (openssl), and an expired self-signed key (@peculiar/x509, since
 * openssl 3.0 cannot back-date a certificate without a CA database).
 */
import { webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { runTool } from '../../fixtures/disk-image/run-tool.js';

/** Paths of a key and its certificate (PEM). */
export interface KeyPair {
  readonly key: string;
  readonly cert: string;
}

/** A self-signed RSA key and certificate named `CN=<subject>`. */
export async function selfSigned(dir: string, name: string, subject: string, ca = false): Promise<KeyPair> {
  const pair = { key: join(dir, `${name}.key`), cert: join(dir, `${name}.crt`) };
  const extensions = ca
    ? ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']
    : [];
  await runTool('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/CN=${subject}`,
    '-days',
    '3650',
    '-keyout',
    pair.key,
    '-out',
    pair.cert,
    ...extensions,
  ]);
  return pair;
}

const SIGNER_EXTENSIONS =
  'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n';
const CA_EXTENSIONS = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n';

/** A key whose certificate `issuer` (a CA) issued: a code-signing one, or an intermediate CA. */
export async function issuedBy(
  dir: string,
  name: string,
  subject: string,
  issuer: KeyPair,
  ca = false,
): Promise<KeyPair> {
  const pair = { key: join(dir, `${name}.key`), cert: join(dir, `${name}.crt`) };
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  await writeFile(ext, ca ? CA_EXTENSIONS : SIGNER_EXTENSIONS);
  await runTool('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/CN=${subject}`,
    '-keyout',
    pair.key,
    '-out',
    csr,
  ]);
  await runTool('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    issuer.cert,
    '-CAkey',
    issuer.key,
    '-set_serial',
    '4242',
    '-days',
    '3650',
    '-extfile',
    ext,
    '-out',
    pair.cert,
  ]);
  return pair;
}

const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const EXPIRED = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') };

async function writePair(
  dir: string,
  name: string,
  key: CryptoKey,
  cert: x509.X509Certificate,
): Promise<KeyPair> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key)).toString('base64');
  const pair = { key: join(dir, `${name}.key`), cert: join(dir, `${name}.crt`) };
  await writeFile(
    pair.key,
    `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`,
  );
  await writeFile(pair.cert, cert.toString('pem'));
  return pair;
}

/** A root CA and a signing certificate it issued, both expired since 2021. */
export async function expiredChain(dir: string): Promise<{ root: KeyPair; signer: KeyPair }> {
  const rootKeys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const signerKeys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const rootCert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      ...EXPIRED,
      serialNumber: '01',
      name: 'CN=Expired Root CA',
      signingAlgorithm: RSA,
      keys: rootKeys,
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
    },
    webcrypto,
  );
  const signerCert = await x509.X509CertificateGenerator.create(
    {
      ...EXPIRED,
      serialNumber: '0badc0de',
      subject: 'CN=Expired Signing Key',
      issuer: rootCert.subject,
      signingAlgorithm: RSA,
      publicKey: signerKeys.publicKey,
      signingKey: rootKeys.privateKey,
      extensions: [new x509.BasicConstraintsExtension(false, undefined, true)],
    },
    webcrypto,
  );
  return {
    root: await writePair(dir, 'expired-root', rootKeys.privateKey, rootCert),
    signer: await writePair(dir, 'expired-signer', signerKeys.privateKey, signerCert),
  };
}
