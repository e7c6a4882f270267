import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { isOrchError } from '../../../src/core/errors/index.js';
import { createImageSource } from '../../../src/image/source/index.js';
import { startImageServer, type ImageServer } from '../../support/https-server/image-server.js';
import { loadTestCertificates, type TestCertificates } from '../../support/tls/test-certificates.js';
import { drain, recordingOptions, rejection, seededBytes, sha256 } from './source-test-kit.js';

const image = seededBytes(128 * 1024, 11);

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('image source: URLs, statuses and connection failures', () => {
  let certs: TestCertificates;
  let server: ImageServer;
  let plain: ImageServer;
  before(async () => {
    certs = await loadTestCertificates();
    server = await startImageServer({
      tls: certs.leaf,
      files: {
        '/img.raw': image,
        '/forbidden.raw': { content: image, faults: { status: 403 } },
        '/broken.raw': { content: image, faults: { status: 500 } },
        '/flaky.raw': { content: image, faults: { status: 503, statusTimes: 2 } },
      },
    });
    plain = await startImageServer({ files: { '/img.raw': image } });
  });
  after(() => Promise.all([server.close(), plain.close()]));
  const requestsFor = (path: string): number => server.requests.filter((r) => r.path === path).length;

  test('http:// is refused with INSECURE_URL unless allowHttp', async () => {
    assert.throws(
      () => createImageSource(plain.url('/img.raw?sig=abc'), {}),
      (error: unknown) =>
        isOrchError(error, 'INSECURE_URL') &&
        !error.retryable &&
        error.message.includes(plain.url('/img.raw?sig=REDACTED')),
    );
    assert.throws(() => createImageSource('ftp://127.0.0.1/x', { allowHttp: true }), /ftp: is not supported/);
    assert.throws(
      () => createImageSource('not a url', {}),
      (e: unknown) => isOrchError(e, 'InvalidArgument'),
    );
    assert.equal(plain.requests.length, 0);
    const bytes = await drain(
      createImageSource(plain.url('/img.raw'), { allowHttp: true, env: {} }).stream(),
    );
    assert.equal(sha256(bytes), sha256(image));
  });

  test('404 is HTTP_NOT_FOUND after exactly one request', async () => {
    const { options, events } = recordingOptions({ caPem: certs.ca.cert });
    const error = await rejection(
      drain(createImageSource(server.url('/missing.raw'), options).stream()),
      'HTTP_NOT_FOUND',
    );
    assert.equal(error.retryable, false);
    assert.match(error.message, /missing\.raw does not exist on the server \(HTTP 404 Not Found\)/);
    assert.equal(server.requests.filter((r) => r.path === '/missing.raw').length, 1);
    assert.deepEqual(events, []);
  });

  test('403 is HTTP_FORBIDDEN after exactly one request', async () => {
    const { options } = recordingOptions({ caPem: certs.ca.cert });
    const error = await rejection(
      drain(createImageSource(server.url('/forbidden.raw'), options).stream()),
      'HTTP_FORBIDDEN',
    );
    assert.equal(error.retryable, false);
    assert.equal(requestsFor('/forbidden.raw'), 1);
  });

  test('500 is retried with backoff, then HTTP_STATUS naming the tries', async () => {
    const { options, events, sleeps } = recordingOptions({ caPem: certs.ca.cert, maxAttempts: 3 });
    const error = await rejection(
      drain(createImageSource(server.url('/broken.raw'), options).stream()),
      'HTTP_STATUS',
    );
    assert.equal(error.retryable, true);
    assert.match(error.message, /HTTP 500 .*gave up after 3 tries in a row without progress/);
    assert.equal(error.details?.attempts, 3);
    assert.equal(requestsFor('/broken.raw'), 3);
    assert.deepEqual(sleeps, [375, 750]);
    assert.deepEqual(
      events.map((e) => (e.kind === 'retry' ? [e.kind, e.attempt, e.delayMs] : [e.kind])),
      [
        ['retry', 2, 375],
        ['retry', 3, 750],
      ],
    );
  });

  test('a 503 that recovers within the attempts delivers the image', async () => {
    const { options, events } = recordingOptions({ caPem: certs.ca.cert, maxAttempts: 3 });
    const bytes = await drain(createImageSource(server.url('/flaky.raw'), options).stream());
    assert.equal(sha256(bytes), sha256(image));
    assert.equal(requestsFor('/flaky.raw'), 3);
    assert.deepEqual(
      events.map((e) => e.kind),
      ['retry', 'retry', 'response'],
    );
  });

  test('connection refused is CONNECT_FAILED, retried up to maxAttempts', async () => {
    const port = await closedPort();
    const { options, events } = recordingOptions({ caPem: certs.ca.cert, maxAttempts: 2 });
    const url = `https://user:pw@127.0.0.1:${port}/img.raw`;
    const error = await rejection(drain(createImageSource(url, options).stream()), 'CONNECT_FAILED');
    assert.equal(error.retryable, true);
    assert.match(
      error.message,
      /cannot reach https:\/\/REDACTED:REDACTED@127\.0\.0\.1:\d+\/img\.raw: the connection was refused \(ECONNREFUSED\)/,
    );
    assert.equal(events.filter((e) => e.kind === 'retry').length, 1);
  });

  test('a server that never finishes the handshake, or never answers, is TIMEOUT (retried)', async () => {
    const silent = createServer((socket) => socket.on('error', () => undefined));
    const mute = createTlsServer({ cert: certs.leaf.cert, key: certs.leaf.key }, (socket) =>
      socket.on('error', () => undefined),
    );
    const listening = (server: Server): Promise<number> =>
      new Promise((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
      );
    const [silentPort, mutePort] = await Promise.all([listening(silent), listening(mute)]);
    try {
      for (const [port, phase] of [
        [silentPort, 'connecting'],
        [mutePort, 'waiting for the response'],
      ] as const) {
        const { options, events } = recordingOptions({
          caPem: certs.ca.cert,
          idleTimeoutMs: 150,
          maxAttempts: 2,
        });
        const source = createImageSource(`https://127.0.0.1:${port}/img.raw`, options);
        const error = await rejection(drain(source.stream()), 'TIMEOUT');
        assert.equal(error.retryable, true);
        assert.match(
          error.message,
          new RegExp(`sent nothing for 150 ms \\(${phase}\\) \\(gave up after 2 tries`),
        );
        assert.equal(events.filter((e) => e.kind === 'retry').length, 1);
      }
    } finally {
      silent.close();
      mute.close();
      silent.unref();
      mute.unref();
    }
  });

  test('size() reads Content-Length with a HEAD; credentials go as Basic auth', async () => {
    const source = createImageSource(server.url('/img.raw').replace('https://', 'https://u:p@'), {
      caPem: certs.ca.cert,
      env: {},
    });
    assert.equal(await source.size(), image.length);
    const head = server.requests.at(-1);
    assert.equal(head?.method, 'HEAD');
    assert.equal(head?.authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
  });
});
