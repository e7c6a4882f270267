import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createImageSource } from '../../../src/image/source/index.js';
import { startImageServer, type ImageServer } from '../../support/https-server/image-server.js';
import { loadTestCertificates, type TestCertificates } from '../../support/tls/test-certificates.js';
import { mulberry32 } from '../../support/seeded-random.js';
import { drain, recordingOptions, rejection, seededBytes, sha256 } from './source-test-kit.js';

const MiB = 1024 * 1024;
const image = seededBytes(4 * MiB, 42);
const changed = seededBytes(4 * MiB, 43);

/** 20 distinct drop offsets inside the image, from a fixed seed. */
function dropOffsets(count: number, seed: number): number[] {
  const random = mulberry32(seed);
  const offsets = new Set<number>();
  while (offsets.size < count) offsets.add(1 + Math.floor(random() * (image.length - 2)));
  return [...offsets].sort((a, b) => a - b);
}

describe('image source: resume, restart, change and truncation', () => {
  let certs: TestCertificates;
  let server: ImageServer;
  const drops = dropOffsets(20, 2024);
  before(async () => {
    certs = await loadTestCertificates();
    server = await startImageServer({
      tls: certs.leaf,
      files: {
        '/drops.raw': { content: image, faults: { dropAt: drops } },
        '/stall.raw': { content: image, faults: { stallAt: [MiB] } },
        '/norange.raw': { content: image, faults: { noRange: true, dropAt: [MiB, 2.5 * MiB] } },
        '/changes.raw': {
          content: image,
          faults: { dropAt: [MiB], changeAfter: { requests: 1, content: changed } },
        },
        '/changes-date.raw': {
          content: image,
          faults: {
            dropAt: [MiB],
            validators: 'last-modified',
            changeAfter: { requests: 1, content: changed },
          },
        },
        '/plain.raw': image,
        '/dated.raw': { content: image, faults: { dropAt: [MiB], validators: 'last-modified' } },
        '/bare.raw': { content: image, faults: { dropAt: [MiB], validators: 'none' } },
        '/slow-drop.raw': { content: image, faults: { dropAt: [40_000] } },
        '/dies.raw': { content: image, faults: { dropAt: Array.from({ length: 6 }, () => 100_000) } },
      },
    });
  });
  after(() => server.close());
  const log = (path: string) => server.requests.filter((r) => r.path === path);

  test('20 dropped connections in one download: byte-identical, 20 resumes from the right offsets', async () => {
    const { options, events } = recordingOptions({ caPem: certs.ca.cert });
    const source = createImageSource(server.url('/drops.raw'), options);
    const bytes = await drain(source.stream());
    assert.equal(sha256(bytes), sha256(image));
    assert.deepEqual(source.stats, { resumes: 20, restarts: 0, bytesReceived: image.length });
    const requests = log('/drops.raw');
    assert.equal(requests.length, 21);
    assert.equal(requests[0]?.range, undefined);
    assert.deepEqual(
      requests.slice(1).map((r) => r.range),
      drops.map((offset) => `bytes=${offset}-`),
    );
    const first = events[0];
    const etag = first?.kind === 'response' ? first.etag : undefined;
    assert.match(etag ?? '', /^"/);
    assert.ok(requests.slice(1).every((r) => r.status === 206 && r.ifRange === etag));
    const resumes = events.filter((e) => e.kind === 'resume');
    assert.deepEqual(
      resumes.map((e) => e.offset),
      drops,
    );
    assert.ok(resumes.every((e) => e.attempt === 1 && /stopped after \d+ of 4194304 bytes/.test(e.cause)));
    assert.equal(events.filter((e) => e.kind === 'retry' || e.kind === 'restart').length, 0);
  });

  test('resumes with If-Range: <Last-Modified> when there is no ETag, and with a bare Range when there is neither', async () => {
    for (const path of ['/dated.raw', '/bare.raw']) {
      const { options } = recordingOptions({ caPem: certs.ca.cert });
      const source = createImageSource(server.url(path), options);
      assert.equal(sha256(await drain(source.stream())), sha256(image));
      assert.deepEqual(source.stats, { resumes: 1, restarts: 0, bytesReceived: image.length });
      const resumed = log(path)[1];
      assert.equal(resumed?.range, `bytes=${MiB}-`);
      assert.equal(resumed?.status, 206);
      if (path === '/dated.raw') assert.match(resumed?.ifRange ?? '', /GMT$/);
      else assert.equal(resumed?.ifRange, undefined);
    }
  });

  test('a slow consumer is not a stall: no idle timeout while the consumer holds the stream back', async () => {
    const { options, events } = recordingOptions({ caPem: certs.ca.cert, idleTimeoutMs: 500 });
    const stream = createImageSource(server.url('/plain.raw'), options).stream();
    const chunks: Buffer[] = [];
    let waited = false;
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      if (!waited) {
        waited = true;
        await new Promise((resolve) => setTimeout(resolve, 1_200));
      }
    }
    assert.equal(sha256(Buffer.concat(chunks)), sha256(image));
    assert.deepEqual(
      events.map((e) => e.kind),
      ['response'],
    );
    assert.equal(log('/plain.raw').length, 1);
  });

  test('a drop while the consumer holds the stream back is resumed at once, not after the idle timeout', async () => {
    const { options, events } = recordingOptions({ caPem: certs.ca.cert, idleTimeoutMs: 4_000 });
    const source = createImageSource(server.url('/slow-drop.raw'), options);
    const chunks: Buffer[] = [];
    let waited = false;
    for await (const chunk of source.stream()) {
      chunks.push(chunk as Buffer);
      if (!waited) {
        waited = true;
        // The server sends up to the drop and closes while we are not reading.
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    assert.equal(sha256(Buffer.concat(chunks)), sha256(image));
    assert.equal(source.stats.resumes, 1);
    // Resumed because the connection ended, not because the idle timeout gave up on it.
    const resumes = events.filter((e) => e.kind === 'resume');
    assert.deepEqual(
      resumes.map((e) => e.offset),
      [40_000],
    );
    assert.match(resumes[0]!.cause, /stopped after 40000 of 4194304 bytes/);
    assert.doesNotMatch(resumes[0]!.cause, /sent nothing/);
    assert.equal(events.filter((e) => e.kind === 'retry' || e.kind === 'restart').length, 0);
  });

  test('a stall is cut by the idle timeout and resumed', async () => {
    const { options, events } = recordingOptions({ caPem: certs.ca.cert, idleTimeoutMs: 800 });
    const source = createImageSource(server.url('/stall.raw'), options);
    const bytes = await drain(source.stream());
    assert.equal(sha256(bytes), sha256(image));
    assert.deepEqual(
      log('/stall.raw').map((r) => [r.range, r.outcome]),
      [
        [undefined, 'stalled'],
        [`bytes=${MiB}-`, 'complete'],
      ],
    );
    const resume = events.find((e) => e.kind === 'resume');
    assert.equal(resume?.kind === 'resume' && resume.offset, MiB);
    assert.match(
      resume?.kind === 'resume' ? resume.cause : '',
      /sent nothing for 800 ms \(receiving the body\)/,
    );
  });

  test('destroying the stream during a stall closes the connection at once', async () => {
    const stalling = await startImageServer({
      tls: certs.leaf,
      files: { '/x.raw': { content: image, faults: { stallAt: [MiB] } } },
    });
    try {
      const stream = createImageSource(stalling.url('/x.raw'), {
        caPem: certs.ca.cert,
        env: {},
        idleTimeoutMs: 20_000,
      }).stream();
      let received = 0;
      for await (const chunk of stream) {
        received += (chunk as Buffer).length;
        if (received >= MiB) break;
      }
      // Resolves once the last connection closed: a leaked one times the test out.
      await stalling.idle();
      assert.equal(stalling.openConnections, 0);
      assert.equal(stalling.requests.length, 1);
    } finally {
      await stalling.close();
    }
  });

  test('a server without Range support: restarts from 0, reported, and the result is still identical', async () => {
    const { options, events } = recordingOptions({ caPem: certs.ca.cert });
    const source = createImageSource(server.url('/norange.raw'), options);
    const bytes = await drain(source.stream());
    assert.equal(sha256(bytes), sha256(image));
    assert.deepEqual(source.stats, { resumes: 2, restarts: 2, bytesReceived: image.length + 3.5 * MiB });
    assert.deepEqual(
      log('/norange.raw').map((r) => r.status),
      [200, 200, 200],
    );
    const restarts = events.filter((e) => e.kind === 'restart');
    assert.equal(restarts.length, 2);
    assert.ok(restarts.every((e) => /with the whole image/.test(e.cause)));
    assert.ok(events.some((e) => e.kind === 'response' && !e.rangeSupported));
  });

  for (const [path, says] of [
    ['/changes.raw', /ETag changed from/],
    ['/changes-date.raw', /Last-Modified changed from/],
  ] as const) {
    test(`an image changed during a resume (${path}) is SOURCE_CHANGED, not retried`, async () => {
      const { options } = recordingOptions({ caPem: certs.ca.cert });
      const source = createImageSource(server.url(path), options);
      const error = await rejection(drain(source.stream()), 'SOURCE_CHANGED');
      assert.equal(error.retryable, false);
      assert.match(error.message, says);
      assert.match(error.message, /after 1048576 bytes were read/);
      assert.equal(log(path).length, 2);
      assert.equal(log(path)[1]?.status, 200);
    });
  }

  test('a body that keeps ending early without progress is TRUNCATED after maxAttempts', async () => {
    const { options, events } = recordingOptions({ caPem: certs.ca.cert, maxAttempts: 3 });
    const source = createImageSource(server.url('/dies.raw'), options);
    const error = await rejection(drain(source.stream()), 'TRUNCATED');
    assert.match(
      error.message,
      /stopped after 100000 of 4194304 bytes: .*gave up after 3 tries in a row without progress/,
    );
    assert.equal(log('/dies.raw').length, 4);
    assert.deepEqual(
      events.filter((e) => e.kind === 'retry').map((e) => e.attempt),
      [2, 3],
    );
  });
});
