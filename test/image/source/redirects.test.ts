import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createImageSource } from '../../../src/image/source/index.js';
import { startImageServer, type ImageServer } from '../../support/https-server/image-server.js';
import { loadTestCertificates, type TestCertificates } from '../../support/tls/test-certificates.js';
import { drain, recordingOptions, rejection, seededBytes, sha256 } from './source-test-kit.js';

const image = seededBytes(512 * 1024, 9);

describe('image source: redirects and size probes', () => {
  let certs: TestCertificates;
  let server: ImageServer;
  let plain: ImageServer;
  before(async () => {
    certs = await loadTestCertificates();
    plain = await startImageServer({ files: { '/img.raw': image } });
    server = await startImageServer({
      tls: certs.leaf,
      files: {
        '/img.raw': { content: image, faults: { dropAt: [200_000] } },
        '/signed.raw': { content: image, faults: { headStatus: 403 } },
      },
      redirects: {
        '/latest.raw': '/img.raw?X-Amz-Signature=abc',
        '/loop.raw': '/loop.raw',
        '/downgrade.raw': plain.url('/img.raw'),
      },
    });
  });
  after(() => Promise.all([server.close(), plain.close()]));

  test('follows a redirect, and each resume goes through it again', async () => {
    const { options } = recordingOptions({ caPem: certs.ca.cert });
    const source = createImageSource(server.url('/latest.raw'), options);
    assert.equal(sha256(await drain(source.stream())), sha256(image));
    assert.equal(source.stats.resumes, 1);
    assert.deepEqual(
      server.requests.map((r) => [r.path, r.status, r.range]),
      [
        ['/latest.raw', 302, undefined],
        ['/img.raw', 200, undefined],
        ['/latest.raw', 302, 'bytes=200000-'],
        ['/img.raw', 206, 'bytes=200000-'],
      ],
    );
  });

  test('a redirect loop stops with HTTP_STATUS; a redirect to http:// with INSECURE_URL', async () => {
    const { options } = recordingOptions({ caPem: certs.ca.cert });
    const loop = await rejection(
      drain(createImageSource(server.url('/loop.raw'), options).stream()),
      'HTTP_STATUS',
    );
    assert.match(loop.message, /redirects more than 5 times/);
    assert.equal(loop.retryable, false);
    const down = await rejection(
      drain(createImageSource(server.url('/downgrade.raw'), options).stream()),
      'INSECURE_URL',
    );
    assert.match(down.message, /plain http:\/\/ is not allowed/);
    assert.equal(plain.requests.length, 0);
  });

  test('size() falls back to a one-byte GET when HEAD is refused (GET-only pre-signed URLs)', async () => {
    const source = createImageSource(server.url('/signed.raw'), { caPem: certs.ca.cert, env: {} });
    assert.equal(await source.size(), image.length);
    assert.deepEqual(
      server.requests.filter((r) => r.path === '/signed.raw').map((r) => [r.method, r.status, r.range]),
      [
        ['HEAD', 403, undefined],
        ['GET', 206, 'bytes=0-0'],
      ],
    );
  });
});
