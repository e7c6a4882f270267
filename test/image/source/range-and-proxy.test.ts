import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isOrchError } from '../../../src/core/errors/index.js';
import { createImageSource } from '../../../src/image/source/index.js';
import { startConnectProxy, type ConnectProxy } from '../../support/https-server/connect-proxy.js';
import { startImageServer, type ImageServer } from '../../support/https-server/image-server.js';
import { loadTestCertificates, type TestCertificates } from '../../support/tls/test-certificates.js';
import { drain, recordingOptions, rejection, seededBytes, sha256 } from './source-test-kit.js';

const image = seededBytes(1024 * 1024, 5);
const changed = seededBytes(1024 * 1024, 6);

describe('image source: range reads', () => {
  let certs: TestCertificates;
  let server: ImageServer;
  before(async () => {
    certs = await loadTestCertificates();
    server = await startImageServer({
      tls: certs.leaf,
      files: {
        '/img.raw': image,
        '/norange.raw': { content: image, faults: { noRange: true } },
        '/drop.raw': { content: image, faults: { dropAt: [300_000] } },
        '/changes.raw': { content: image, faults: { changeAfter: { requests: 1, content: changed } } },
      },
    });
  });
  after(() => server.close());
  const options = () => recordingOptions({ caPem: certs.ca.cert }).options;

  test('readRange returns exactly the asked bytes, with Range and (once known) If-Range', async () => {
    const source = createImageSource(server.url('/img.raw'), options());
    assert.deepEqual(Buffer.from(await source.readRange(1000, 5000)), image.subarray(1000, 6000));
    assert.deepEqual(
      Buffer.from(await source.readRange(image.length - 10, 10)),
      image.subarray(image.length - 10),
    );
    assert.equal((await source.readRange(5, 0)).length, 0);
    const [first, second] = server.requests.filter((r) => r.path === '/img.raw');
    assert.equal(first?.range, 'bytes=1000-5999');
    assert.equal(first?.ifRange, undefined);
    assert.match(second?.ifRange ?? '', /^"/);
    assert.equal(await source.size(), image.length);
  });

  test('readRange is RANGE_UNSUPPORTED when the server answers with the whole image', async () => {
    const source = createImageSource(server.url('/norange.raw'), options());
    const error = await rejection(source.readRange(10, 10), 'RANGE_UNSUPPORTED');
    assert.equal(error.retryable, false);
    assert.equal(server.requests.filter((r) => r.path === '/norange.raw').length, 1);
  });

  test('readRange past the end is TRUNCATED; bad arguments are InvalidArgument', async () => {
    const source = createImageSource(server.url('/img.raw'), options());
    const past = await rejection(source.readRange(image.length, 10), 'TRUNCATED');
    assert.match(past.message, /has no byte at offset 1048576 \(it is 1048576 bytes\)/);
    const across = await rejection(source.readRange(image.length - 5, 10), 'TRUNCATED');
    assert.match(across.message, /ends at byte 1048575/);
    await rejection(source.readRange(-1, 10), 'InvalidArgument');
    await rejection(source.readRange(0, 1.5), 'InvalidArgument');
  });

  test('a range read broken mid-body is retried and still exact', async () => {
    const { options: retrying, events } = recordingOptions({ caPem: certs.ca.cert });
    const source = createImageSource(server.url('/drop.raw'), retrying);
    assert.deepEqual(Buffer.from(await source.readRange(200_000, 200_000)), image.subarray(200_000, 400_000));
    assert.equal(events.filter((e) => e.kind === 'retry').length, 1);
  });

  test('a range read after the image changed is SOURCE_CHANGED', async () => {
    const source = createImageSource(server.url('/changes.raw'), options());
    assert.equal(await source.size(), image.length);
    const error = await rejection(source.readRange(0, 100), 'SOURCE_CHANGED');
    assert.match(error.message, /ETag changed/);
  });
});

describe('image source: proxies and cancellation', () => {
  let certs: TestCertificates;
  let server: ImageServer;
  let proxy: ConnectProxy;
  before(async () => {
    certs = await loadTestCertificates();
    server = await startImageServer({
      tls: certs.leaf,
      files: {
        '/img.raw': image,
        '/slow.raw': { content: image, faults: { bytesPerSecond: 64 * 1024 } },
        '/broken.raw': { content: image, faults: { status: 500 } },
      },
    });
    proxy = await startConnectProxy();
  });
  after(() => Promise.all([server.close(), proxy.close()]));

  test('HTTPS_PROXY tunnels with CONNECT; TLS is still verified end to end', async () => {
    const env = { HTTPS_PROXY: proxy.url };
    const bytes = await drain(
      createImageSource(server.url('/img.raw'), { caPem: certs.ca.cert, env }).stream(),
    );
    assert.equal(sha256(bytes), sha256(image));
    assert.deepEqual(proxy.tunnels, [`127.0.0.1:${server.port}`]);
    const refused = createImageSource(server.url('/img.raw'), {
      caPem: certs.otherCa.cert,
      env,
      maxAttempts: 1,
    });
    await rejection(drain(refused.stream()), 'TLS_UNTRUSTED');
    assert.equal(proxy.tunnels.length, 2);
  });

  test('NO_PROXY bypasses the proxy for matching hosts', async () => {
    const before = proxy.tunnels.length;
    for (const noProxy of ['127.0.0.1', '*', `localhost:${server.port}`]) {
      const env = { https_proxy: proxy.url, no_proxy: noProxy };
      const host = noProxy.startsWith('localhost') ? 'localhost' : '127.0.0.1';
      const source = createImageSource(server.url('/img.raw', host), { caPem: certs.ca.cert, env });
      assert.equal(sha256(await drain(source.stream())), sha256(image));
    }
    assert.equal(proxy.tunnels.length, before);
  });

  test('proxy credentials from the proxy URL; a 407 or an https:// proxy fails at once', async () => {
    const guarded = await startConnectProxy({ credentials: 'ops:s3cret' });
    try {
      const withAuth = guarded.url.replace('http://', 'http://ops:s3cret@');
      const env = { HTTPS_PROXY: withAuth };
      const bytes = await drain(
        createImageSource(server.url('/img.raw'), { caPem: certs.ca.cert, env }).stream(),
      );
      assert.equal(sha256(bytes), sha256(image));
      assert.equal(guarded.tunnels.length, 1);
      const { options, events } = recordingOptions({
        caPem: certs.ca.cert,
        env: { HTTPS_PROXY: guarded.url },
      });
      const denied = await rejection(
        drain(createImageSource(server.url('/img.raw'), options).stream()),
        'CONNECT_FAILED',
      );
      assert.equal(denied.retryable, false);
      assert.match(denied.message, /answered CONNECT with HTTP 407/);
      assert.deepEqual(events, []);
      const tls = recordingOptions({
        caPem: certs.ca.cert,
        env: { HTTPS_PROXY: 'https://u:pw@proxy.invalid:443' },
      });
      const refused = await rejection(
        drain(createImageSource(server.url('/img.raw'), tls.options).stream()),
        'CONNECT_FAILED',
      );
      assert.equal(refused.retryable, false);
      assert.match(
        refused.message,
        /the proxy https:\/\/REDACTED:REDACTED@proxy\.invalid\/ is not an http:\/\/ proxy/,
      );
    } finally {
      await guarded.close();
    }
  });

  test('an unreachable proxy is CONNECT_FAILED naming the proxy', async () => {
    const { options } = recordingOptions({
      caPem: certs.ca.cert,
      maxAttempts: 1,
      env: { HTTPS_PROXY: 'http://127.0.0.1:1' },
    });
    const error = await rejection(
      drain(createImageSource(server.url('/img.raw'), options).stream()),
      'CONNECT_FAILED',
    );
    assert.match(error.message, /through the proxy http:\/\/127\.0\.0\.1:1\/: the connection was refused/);
    assert.match(error.message, /\(gave up after 1 try without progress\)$/);
  });

  test('aborting mid-body stops the download promptly with ABORTED', async () => {
    const controller = new AbortController();
    const source = createImageSource(server.url('/slow.raw'), {
      caPem: certs.ca.cert,
      env: {},
      signal: controller.signal,
    });
    const stream = source.stream();
    const started = Date.now();
    stream.once('data', () => setTimeout(() => controller.abort(new Error('operator cancelled')), 50));
    const error = await rejection(drain(stream), 'ABORTED');
    assert.match(error.message, /was cancelled: operator cancelled/);
    assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
  });

  test('aborting while the consumer is busy errors the stream at once', async () => {
    const controller = new AbortController();
    const stream = createImageSource(server.url('/img.raw'), {
      caPem: certs.ca.cert,
      env: {},
      signal: controller.signal,
    }).stream();
    const first = await new Promise<unknown>((resolve) =>
      stream.once('readable', () => resolve(stream.read())),
    );
    assert.ok(first);
    const failed = new Promise<unknown>((resolve) => stream.once('error', resolve));
    controller.abort();
    const error = await failed;
    assert.ok(isOrchError(error, 'ABORTED'));
    assert.equal(stream.destroyed, true);
    const already = createImageSource(server.url('/img.raw'), {
      caPem: certs.ca.cert,
      env: {},
      signal: controller.signal,
    });
    await rejection(drain(already.stream()), 'ABORTED');
  });

  test('aborting during a backoff wait stops at once with ABORTED', async () => {
    const controller = new AbortController();
    const source = createImageSource(server.url('/broken.raw'), {
      caPem: certs.ca.cert,
      env: {},
      signal: controller.signal,
      backoff: { initialMs: 60_000 },
      onEvent: (event) => {
        if (event.kind === 'retry') setTimeout(() => controller.abort(), 20);
      },
    });
    const started = Date.now();
    await rejection(drain(source.stream()), 'ABORTED');
    assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
    await rejection(source.readRange(0, 10), 'ABORTED');
  });
});
