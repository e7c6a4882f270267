/**
 * @module
 * Thin wrappers around the `openssl` command line tool that write a CA, a CA-signed leaf with an
 * explicit validity window, or a self-signed leaf into a folder. `openssl ca` is used for leaves
 * because `openssl x509 -req` (OpenSSL 3.0) cannot set a start date or a window in the past.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** PEM text and paths of one certificate and its key. */
export interface CertificateFiles {
  readonly cert: string;
  readonly key: string;
  readonly certPath: string;
  readonly keyPath: string;
}

/** What {@link issueLeaf} puts into a leaf. */
export interface LeafSpec {
  /** File name stem, unique within the folder. */
  readonly name: string;
  readonly cn: string;
  /** subjectAltName value, e.g. `DNS:localhost,IP:127.0.0.1`. */
  readonly san: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

const KEY_ARGS = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

async function readPair(certPath: string, keyPath: string): Promise<CertificateFiles> {
  const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
  return { cert, key, certPath, keyPath };
}

/** A self-signed CA certificate (basicConstraints CA:TRUE, keyCertSign), valid for ten years. */
export async function generateCa(dir: string, name: string, cn: string): Promise<CertificateFiles> {
  const certPath = join(dir, `${name}.pem`);
  const keyPath = join(dir, `${name}.key`);
  await run('openssl', [
    'req', '-x509', ...KEY_ARGS, '-keyout', keyPath, '-out', certPath, '-days', '3650',
    '-subj', `/CN=${cn}`,
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]); // prettier-ignore
  return readPair(certPath, keyPath);
}

/** A self-signed server certificate that is not a CA, valid for ten years. */
export async function generateSelfSignedLeaf(
  dir: string,
  name: string,
  cn: string,
  san: string,
): Promise<CertificateFiles> {
  const certPath = join(dir, `${name}.pem`);
  const keyPath = join(dir, `${name}.key`);
  await run('openssl', [
    'req', '-x509', ...KEY_ARGS, '-keyout', keyPath, '-out', certPath, '-days', '3650',
    '-subj', `/CN=${cn}`,
    '-addext', `subjectAltName=${san}`,
    '-addext', 'basicConstraints=critical,CA:FALSE',
    '-addext', 'extendedKeyUsage=serverAuth',
  ]); // prettier-ignore
  return readPair(certPath, keyPath);
}

/** `openssl ca` wants ASN.1 UTCTime for dates before 2050: YYMMDDHHMMSSZ. */
function asn1Time(date: Date): string {
  return `${date.toISOString().slice(2, 19).replace(/[-T:]/g, '')}Z`;
}

/**
 * A server certificate signed by `ca` with the exact validity window of `spec`. Each call gets its
 * own `openssl ca` database folder, so calls may run in parallel.
 */
export async function issueLeaf(
  dir: string,
  ca: CertificateFiles,
  spec: LeafSpec,
): Promise<CertificateFiles> {
  const db = join(dir, `${spec.name}-db`);
  await mkdir(db);
  await writeFile(join(db, 'index.txt'), '');
  // A random serial: two leaves of one CA must never share one (clients cache by issuer+serial).
  await writeFile(join(db, 'serial'), `${randomBytes(16).toString('hex')}\n`);
  const config = [
    '[ca]', 'default_ca = test_ca',
    '[test_ca]', `database = ${join(db, 'index.txt')}`, `serial = ${join(db, 'serial')}`, `new_certs_dir = ${db}`,
    'default_md = sha256', 'policy = any_policy', 'unique_subject = no', 'copy_extensions = none',
    '[any_policy]', 'commonName = supplied',
    '[leaf_ext]', `subjectAltName = ${spec.san}`, 'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature', 'extendedKeyUsage = serverAuth',
  ].join('\n'); // prettier-ignore
  const configPath = join(db, 'ca.cnf');
  await writeFile(configPath, `${config}\n`);
  const certPath = join(dir, `${spec.name}.pem`);
  const keyPath = join(dir, `${spec.name}.key`);
  const csrPath = join(db, 'leaf.csr');
  await run('openssl', [
    'req',
    '-new',
    ...KEY_ARGS,
    '-keyout',
    keyPath,
    '-out',
    csrPath,
    '-subj',
    `/CN=${spec.cn}`,
  ]);
  await run('openssl', [
    'ca', '-batch', '-notext', '-config', configPath, '-extensions', 'leaf_ext',
    '-cert', ca.certPath, '-keyfile', ca.keyPath, '-in', csrPath, '-out', certPath,
    '-startdate', asn1Time(spec.notBefore), '-enddate', asn1Time(spec.notAfter),
  ]); // prettier-ignore
  return readPair(certPath, keyPath);
}
