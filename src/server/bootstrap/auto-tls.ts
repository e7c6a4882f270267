import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A certificate `--tls auto` made (or found from an earlier start) in the data folder. */
export interface AutoTls {
  readonly certFile: string;
  readonly keyFile: string;
  /** SHA-256 fingerprint of the certificate, as `openssl x509 -fingerprint -sha256` shows it. */
  readonly fingerprint: string;
  /** True when this start generated it. */
  readonly created: boolean;
}

/** Validity of a generated certificate: 825 days, the longest TLS clients accept for a leaf. */
const DAYS = 825;

const exists = async (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * `--tls auto`: a self-signed certificate for orchd in `<dataDir>/tls` (cert.pem, key.pem mode
 * 0600), generated with `openssl` on the first start (P-256 key; names: localhost, this host's
 * name, 127.0.0.1, ::1 and `extraNames`) and reused on later starts, so clients that pinned it
 * (`orch-cli config set ca-cert cert.pem`) keep working.
 */
export async function ensureAutoTls(dataDir: string, extraNames: readonly string[] = []): Promise<AutoTls> {
  const dir = join(dataDir, 'tls');
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  let created = false;
  if (!(await exists(certFile)) || !(await exists(keyFile))) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const dns = ['localhost', hostname(), ...extraNames.filter((n) => !/^[\d.:]+$/.test(n))];
    const ips = ['127.0.0.1', '::1', ...extraNames.filter((n) => /^[\d.:]+$/.test(n))];
    const san = [...new Set(dns)].map((n) => `DNS:${n}`).concat([...new Set(ips)].map((n) => `IP:${n}`));
    try {
      await run('openssl', [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        String(DAYS),
        '-subj',
        `/CN=orchd ${hostname()}/O=edge-orch (self-signed by --tls auto)`,
        '-addext',
        `subjectAltName=${san.join(',')}`,
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ]);
    } catch (error) {
      throw new Error(
        `--tls auto needs openssl to generate a certificate: ${(error as Error).message.split('\n')[0] ?? ''}`,
      );
    }
    await chmod(keyFile, 0o600);
    created = true;
  }
  const fingerprint = new X509Certificate(await readFile(certFile)).fingerprint256;
  return { certFile, keyFile, fingerprint, created };
}
