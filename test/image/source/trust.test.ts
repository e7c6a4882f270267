import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { isOrchError } from '../../../src/core/errors/index.js';
import { createImageSource } from '../../../src/image/source/index.js';
import { startImageServer, type ImageServer } from '../../support/https-server/image-server.js';
import {
  loadTestCertificates,
  type TestCertificates,
  type TestKeyPair,
} from '../../support/tls/test-certificates.js';
import { drain, recordingOptions, rejection, seededBytes, sha256 } from './source-test-kit.js';

const image = seededBytes(256 * 1024, 7);

describe('image source: trust per profile certificate', () => {
  let certs: TestCertificates;
  const servers: ImageServer[] = [];
  const serve = async (pair: TestKeyPair): Promise<ImageServer> => {
    const server = await startImageServer({ tls: pair, files: { '/img.raw': image } });
    servers.push(server);
    return server;
  };
  before(async () => {
    certs = await loadTestCertificates();
  });
  after(() => Promise.all(servers.map((server) => server.close())));

  test("trusts the server's own leaf certificate (the openssl s_client capture)", async () => {
    const server = await serve(certs.leaf);
    const bytes = await drain(
      createImageSource(server.url('/img.raw'), { caPem: certs.leaf.cert, env: {} }).stream(),
    );
    assert.equal(sha256(bytes), sha256(image));
  });

  test('trusts a self-signed server certificate given as the profile certificate', async () => {
    const server = await serve(certs.selfSigned);
    const source = createImageSource(server.url('/img.raw', 'localhost'), {
      caPem: certs.selfSigned.cert,
      env: {},
    });
    assert.equal(sha256(await drain(source.stream())), sha256(image));
  });

  test('accepts the profile certificate as base64 of PEM (EMF tlsCaCert) and as base64 DER', async () => {
    const server = await serve(certs.leaf);
    const der = new X509Certificate(certs.leaf.cert).raw.toString('base64');
    for (const caPem of [Buffer.from(certs.leaf.cert).toString('base64'), der]) {
      const bytes = await drain(createImageSource(server.url('/img.raw'), { caPem, env: {} }).stream());
      assert.equal(sha256(bytes), sha256(image));
    }
  });

  test('refuses an unreadable profile certificate before connecting (InvalidArgument)', () => {
    const broken = '-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n';
    for (const caPem of ['not a certificate', broken, `${certs.leaf.cert}${certs.leaf.key}`]) {
      assert.throws(
        () => createImageSource('https://127.0.0.1:1/img.raw', { caPem }),
        (error: unknown) =>
          isOrchError(error, 'InvalidArgument') &&
          /^the profile's certificate \(tlsCaCert\)/.test(error.message),
      );
    }
  });

  test('trusts a CA that signed the server certificate', async () => {
    const server = await serve(certs.leaf);
    const bytes = await drain(
      createImageSource(server.url('/img.raw'), { caPem: certs.ca.cert, env: {} }).stream(),
    );
    assert.equal(sha256(bytes), sha256(image));
  });

  const refusals: Array<{
    name: string;
    pair: (c: TestCertificates) => TestKeyPair;
    trust: (c: TestCertificates) => string | undefined;
    code: 'TLS_UNTRUSTED' | 'TLS_HOSTNAME_MISMATCH' | 'TLS_CERT_EXPIRED';
    says: RegExp;
  }> = [
    {
      name: 'a certificate of another CA',
      pair: (c) => c.leaf,
      trust: (c) => c.otherCa.cert,
      code: 'TLS_UNTRUSTED',
      says: /is not signed by the profile's certificate \(subject CN=localhost, issuer CN=edge-orch test CA; /,
    },
    {
      name: 'a leaf other than the profile leaf',
      pair: (c) => c.otherLeaf,
      trust: (c) => c.leaf.cert,
      code: 'TLS_UNTRUSTED',
      says: /issuer CN=edge-orch unrelated test CA/,
    },
    {
      name: 'a wrong host name',
      pair: (c) => c.wrongHost,
      trust: (c) => c.ca.cert,
      code: 'TLS_HOSTNAME_MISMATCH',
      says: /does not name the host 127\.0\.0\.1 \(it names DNS:wrong-host\.test\)/,
    },
    {
      name: 'an expired certificate',
      pair: (c) => c.expired,
      trust: (c) => c.ca.cert,
      code: 'TLS_CERT_EXPIRED',
      says: /expired on /,
    },
    {
      name: 'a certificate that is not valid yet',
      pair: (c) => c.notYetValid,
      trust: (c) => c.ca.cert,
      code: 'TLS_CERT_EXPIRED',
      says: /is not valid before /,
    },
    {
      name: 'a private CA and no profile certificate (system roots)',
      pair: (c) => c.leaf,
      trust: () => undefined,
      code: 'TLS_UNTRUSTED',
      says: /is not trusted by the system's certificate authorities/,
    },
  ];
  for (const refusal of refusals) {
    test(`refuses ${refusal.name} with ${refusal.code}, at once, without sending a request`, async () => {
      const server = await serve(refusal.pair(certs));
      const caPem = refusal.trust(certs);
      const { options, events } = recordingOptions(caPem === undefined ? {} : { caPem });
      const url = server.url('/img.raw?token=secret');
      const error = await rejection(drain(createImageSource(url, options).stream()), refusal.code);
      assert.equal(error.retryable, false);
      assert.match(error.message, refusal.says);
      assert.ok(error.message.includes(server.url('/img.raw?token=REDACTED')), error.message);
      assert.equal(server.connections, 1);
      assert.equal(server.requests.length, 0);
      assert.deepEqual(events, []);
    });
  }
});
