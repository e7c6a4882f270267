import { createHash, X509Certificate } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startImageServer, type ImageServer } from '../../support/https-server/image-server.js';
import { loadTestCertificates, type TestCertificates } from '../../support/tls/test-certificates.js';
import { captureServerCertificate } from './capture-certificate.js';
import { startCliOrchd, type CliOrchd } from './cli-orchd.js';
import { runOrchCli, type CliResult, type CliRunOptions } from './cli-process.js';

/** Everything a CLI test needs: orchd, an HTTPS image server, its certificate captured as the docs show. */
export interface CliFixture {
  readonly orchd: CliOrchd;
  readonly images: ImageServer;
  readonly certs: TestCertificates;
  /** The image server's certificate (PEM) as `openssl s_client | openssl x509` printed it. */
  readonly capturedPem: string;
  /** `base64 -w0 server_cert.pem`: what the documented flow exports as TLS_CERT. */
  readonly leafBase64: string;
  /** Base64 of the CA's PEM that signed the image server's certificate. */
  readonly caBase64: string;
  /** server_cert.pem on disk. */
  readonly pemPath: string;
  /** `https://127.0.0.1:<port>/<name>` of a served image, and the sha256 of its bytes. */
  readonly imageUrl: (name: string) => string;
  readonly sha256: string;
  /** The SHA-256 fingerprint of the captured certificate (openssl's colon form). */
  readonly leafFingerprint: string;
  /** Runs orch-cli with ORCH_CLI_CONFIG in the temp folder, ORCH_API_ENDPOINT and the admin token. */
  cli(args: readonly string[], options?: CliRunOptions): Promise<CliResult>;
  /** A loopback URL where nothing listens: a request there fails with exit 3. */
  readonly deadEndpoint: string;
  close(): Promise<void>;
}

/** A port that was free a moment ago (nothing listens on it afterwards). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts orchd and the image server and captures its certificate. */
export async function startCliFixture(): Promise<CliFixture> {
  const certs = await loadTestCertificates();
  const image = new TextEncoder().encode('edge-orch cli test image\n'.repeat(64));
  const images = await startImageServer({
    tls: { cert: certs.leaf.cert, key: certs.leaf.key },
    files: { '/ubuntu.img': image, '/emt.raw.gz': image },
  });
  const orchd = await startCliOrchd();
  const capturedPem = await captureServerCertificate(images.port);
  const pemPath = join(orchd.dir, 'server_cert.pem');
  await writeFile(pemPath, capturedPem);
  const baseEnv = {
    ORCH_CLI_CONFIG: join(orchd.dir, 'config.yaml'),
    ORCH_API_ENDPOINT: orchd.url,
    ORCH_TOKEN: orchd.adminToken,
  };
  return {
    orchd,
    images,
    certs,
    capturedPem,
    leafBase64: Buffer.from(capturedPem).toString('base64'),
    caBase64: Buffer.from(certs.ca.cert).toString('base64'),
    pemPath,
    imageUrl: (name) => images.url(`/${name}`),
    sha256: createHash('sha256').update(image).digest('hex'),
    leafFingerprint: new X509Certificate(capturedPem).fingerprint256,
    deadEndpoint: `http://127.0.0.1:${await closedPort()}`,
    cli: (args, options = {}) => runOrchCli(args, { ...options, env: { ...baseEnv, ...options.env } }),
    close: async () => {
      await images.close();
      await orchd.close();
    },
  };
}
